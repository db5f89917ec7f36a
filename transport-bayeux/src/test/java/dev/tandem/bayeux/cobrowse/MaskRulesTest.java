package dev.tandem.bayeux.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.support.SeedShapes;
import dev.tandem.core.PageRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaskRulesTest {
    private final List<String> skipped = new ArrayList<>();

    private MaskRules compile(PageRules.Rule... rules) {
        return MaskRules.compile(new PageRules(List.of(rules), List.of()), skipped::add);
    }

    private static JsonNode attrs(String json) {
        return SeedShapes.parse(json);
    }

    @Test
    void should_match_elements_as_css_does_when_attributes_and_classes_change() {
        MaskRules rules = compile(PageRules.Rule.of("p.secret[data-kind~=card], #pin"));
        MaskRules.Active active = rules.active(null);
        long bits = rules.atoms("p", false, attrs("{\"class\":\"a  secret\",\"data-kind\":\"card debit\"}"));
        assertThat(MaskRules.match(active.top(), bits)).isNotNull();
        assertThat(MaskRules.match(active.top(), rules.atoms("div", false, attrs("{\"class\":\"secret\",\"data-kind\":\"card\"}")))).isNull();
        long changed = rules.update(bits, false, "class", SeedShapes.parse("\"public\""));
        assertThat(MaskRules.match(active.top(), changed)).isNull();
        assertThat(MaskRules.match(active.top(), rules.update(changed, false, "id", SeedShapes.parse("\"pin\"")))).isNotNull();
        assertThat(MaskRules.match(active.top(), rules.atoms("span", false, attrs("{\"id\":\"PIN\"}")))).as("ids are case-sensitive").isNull();
    }

    @Test
    void should_match_type_values_case_insensitively_on_html_elements_only() {
        MaskRules rules = compile();
        assertThat(rules.sensitive(rules.atoms("input", false, attrs("{\"type\":\"PassWord\"}")))).isEqualTo("input[type=password]");
        assertThat(rules.sensitive(rules.atoms("input", true, attrs("{\"type\":\"password\"}")))).as("an svg element").isNull();
        assertThat(rules.sensitive(rules.atoms("input", false, attrs("{\"autocomplete\":\"shipping cc-number\"}")))).isNotNull();
        assertThat(rules.sensitive(rules.atoms("input", false, attrs("{\"autocomplete\":\"cc-number-x\"}")))).isNull();
        assertThat(rules.sensitive(rules.atoms("div", false, attrs("{\"data-rr-is-password\":\"true\"}")))).isNotNull();
    }

    @Test
    void should_apply_url_rules_only_to_the_top_document_of_a_matching_page() {
        MaskRules rules = compile(new PageRules.Rule(".checkout", Optional.of("/checkout")), PageRules.Rule.of(".always"));
        assertThat(rules.active("https://shop.example/checkout?x").top()).extracting(MaskRules.Rule::selector)
                .containsExactly(".checkout", ".always");
        assertThat(rules.active("https://shop.example/checkout?x").nested()).extracting(MaskRules.Rule::selector)
                .containsExactly(".always");
        assertThat(rules.active("https://shop.example/home").top()).extracting(MaskRules.Rule::selector).containsExactly(".always");
        assertThat(rules.active(null).top()).extracting(MaskRules.Rule::selector).containsExactly(".always");
    }

    @Test
    void should_say_which_rules_the_server_leaves_to_the_browser() {
        MaskRules rules = compile(PageRules.Rule.of("div > .deep"), new PageRules.Rule(".x", Optional.of("(?i)/CHECKOUT")),
                PageRules.Rule.of(".ok"));
        assertThat(rules.ruleCount()).isEqualTo(1);
        assertThat(skipped).hasSize(2).anySatisfy(s -> assertThat(s).contains("div > .deep").contains("combinators"))
                .anySatisfy(s -> assertThat(s).contains("(?i)").doesNotContain("div"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/checkout", "^https://shop\\.example/(cart|checkout)(/|$)", "[?&]step=\\d+", "\\/account\\/.*",
            "(?:a|b)+?", "x{2,3}", "[^/]+$", "\\bpay\\b"})
    void should_take_url_patterns_that_read_the_same_in_javascript_and_java(String pattern) {
        assertThat(MaskRules.portable(pattern)).as(pattern).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?i)checkout", "a++", "a*+", "\\p{L}", "\\Qa.b\\E", "(a)\\1", "[a[b]]", "[a&&b]", "[^]", "[]a]",
            "(?<n>x)", "\\x41", "\\u0041", "\\", "[a", "é", "\\Z", "\\A"})
    void should_refuse_url_patterns_that_javascript_and_java_may_read_differently(String pattern) {
        assertThat(MaskRules.portable(pattern)).as(pattern).isFalse();
    }
}
