package dev.tandem.bayeux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelsTest {
    @Test
    void should_accept_channel_names_and_trailing_wildcards_only() {
        assertThat(Channels.isValid("/a/b-c_d.e")).isTrue();
        assertThat(Channels.isValid("/a/*")).isTrue();
        assertThat(Channels.isValid("/a/**")).isTrue();
        assertThat(Channels.isValid("/a/*/b")).isFalse();
        assertThat(Channels.isValid("/a//b")).isFalse();
        assertThat(Channels.isValid("a/b")).isFalse();
        assertThat(Channels.isValid("/a b")).isFalse();
        assertThat(Channels.isValid("/")).isFalse();
        assertThat(Channels.isValid(null)).isFalse();
        assertThat(Channels.isValid("/" + "a".repeat(600))).isFalse();
    }

    @Test
    void should_list_every_pattern_that_matches_a_channel() {
        assertThat(Channels.matchingPatterns("/a/b/c")).containsExactly("/a/b/c", "/a/b/*", "/a/b/**", "/a/**", "/**");
        assertThat(Channels.matches("/a/*", "/a/b")).isTrue();
        assertThat(Channels.matches("/a/*", "/a/b/c")).isFalse();
        assertThat(Channels.matches("/a/**", "/a/b/c")).isTrue();
        assertThat(Channels.matchingPatterns("nochannel")).containsExactly("nochannel");
    }
}
