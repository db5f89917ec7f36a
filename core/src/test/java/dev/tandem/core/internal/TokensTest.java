package dev.tandem.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.UserToken;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void should_pad_with_leading_zeros_when_the_number_is_small() {
        Random seven = new Random() {
            @Override
            public int nextInt(int bound) {
                return 7;
            }
        };

        assertThat(new Tokens(seven).sessionToken().value()).isEqualTo("000000007");
    }

    @Test
    void should_draw_128_bit_url_safe_user_tokens() {
        Tokens tokens = new Tokens(new Random(1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            UserToken token = tokens.userToken();
            assertThat(token.value()).hasSize(22).matches("[A-Za-z0-9_-]{22}");
            seen.add(token.value());
        }

        assertThat(seen).hasSize(1_000);
    }

    @Test
    void should_draw_version_4_uuids_for_history_ids() {
        SessionHistoryId id = new Tokens(new Random(3)).historyId();

        assertThat(id.value().version()).isEqualTo(4);
        assertThat(id.value().variant()).isEqualTo(2);
        assertThat(SessionHistoryId.parse(id.toString())).contains(id);
    }

    @Test
    void should_draw_from_a_seeded_drbg_when_the_default_secure_random_is_used() {
        assertThat(DefaultSessionEngine.secureRandom().getAlgorithm()).isEqualTo("DRBG");
    }
}
