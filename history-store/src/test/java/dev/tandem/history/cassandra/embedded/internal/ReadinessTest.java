package dev.tandem.history.cassandra.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ReadinessTest {

    @Test
    void should_not_wait_for_a_probe_session_that_never_closes_longer_than_the_timeout() {
        StepVerifier.withVirtualTime(() -> Readiness.closed(CompletableFuture::new, Duration.ofSeconds(5)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(4_999))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();
    }

    @Test
    void should_complete_when_the_session_closed_or_failed_to() {
        AtomicInteger closes = new AtomicInteger();
        StepVerifier.create(Readiness.closed(() -> {
            closes.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(5))).verifyComplete();
        StepVerifier.create(Readiness.closed(() -> CompletableFuture.failedFuture(new IllegalStateException("refused")),
                Duration.ofSeconds(5))).verifyComplete();
        assertThat(closes).hasValue(1);
    }
}
