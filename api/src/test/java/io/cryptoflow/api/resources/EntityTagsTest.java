package io.cryptoflow.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** If-None-Match as RFC 9110 13.1.2 reads it: a list of tags compared weakly, or {@code *}. */
class EntityTagsTest {

    @Test
    void aListedTagMatchesStrongOrWeak() {
        assertThat(EntityTags.anyMatches("\"abc-1\"", "abc-1")).isTrue();
        assertThat(EntityTags.anyMatches("W/\"abc-1\"", "abc-1")).isTrue();
        assertThat(EntityTags.anyMatches("\"x\", W/\"abc-1\" ,\"y\"", "abc-1")).isTrue();
        assertThat(EntityTags.anyMatches("*", "abc-1")).isTrue();
    }

    @Test
    void anotherTagAPrefixOrABrokenHeaderDoesNot() {
        assertThat(EntityTags.anyMatches("\"abc-1-gzip\"", "abc-1")).isFalse();
        assertThat(EntityTags.anyMatches("\"abc\"", "abc-1")).isFalse();
        assertThat(EntityTags.anyMatches("abc-1", "abc-1")).isFalse();
        assertThat(EntityTags.anyMatches("\"abc-1", "abc-1")).isFalse();
        assertThat(EntityTags.anyMatches("", "abc-1")).isFalse();
    }

    @Test
    void aTagIsSentQuoted() {
        assertThat(EntityTags.quoted("abc-1")).isEqualTo("\"abc-1\"");
    }
}
