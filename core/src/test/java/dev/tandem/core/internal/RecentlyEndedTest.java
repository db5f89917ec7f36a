package dev.tandem.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.SessionToken;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentlyEndedTest {
    private final AtomicLong clock = new AtomicLong(1_000);

    @Test
    void should_forget_a_token_when_its_time_is_up() {
        RecentlyEnded<SessionToken> ended = new RecentlyEnded<>(600_000, 10, clock::get);
        ended.remember(token(1));

        clock.addAndGet(599_999);
        assertThat(ended.contains(token(1))).isTrue();

        clock.addAndGet(1);
        assertThat(ended.contains(token(1))).isFalse();
        assertThat(ended.size()).isZero();
    }

    @Test
    void should_forget_the_oldest_tokens_when_over_capacity() {
        RecentlyEnded<SessionToken> ended = new RecentlyEnded<>(600_000, 3, clock::get);
        for (int i = 1; i <= 5; i++) {
            ended.remember(token(i));
            clock.incrementAndGet();
        }

        assertThat(ended.size()).isEqualTo(3);
        assertThat(ended.contains(token(1))).isFalse();
        assertThat(ended.contains(token(2))).isFalse();
        assertThat(ended.contains(token(5))).isTrue();
    }

    @Test
    void should_keep_the_newer_end_when_a_token_ends_twice() {
        RecentlyEnded<SessionToken> ended = new RecentlyEnded<>(1_000, 10, clock::get);
        ended.remember(token(7));
        clock.addAndGet(900);
        ended.remember(token(7));

        clock.addAndGet(200);

        assertThat(ended.contains(token(7))).isTrue();
    }

    private static SessionToken token(int n) {
        return new SessionToken(String.format("%09d", n));
    }
}
