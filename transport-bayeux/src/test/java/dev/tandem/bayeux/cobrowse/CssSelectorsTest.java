package dev.tandem.bayeux.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.bayeux.cobrowse.CssSelectors.Kind;
import dev.tandem.bayeux.cobrowse.CssSelectors.Simple;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CssSelectorsTest {

    @Test
    void should_read_compounds_of_type_id_class_and_attribute_selectors() {
        List<CssSelectors.Compound> list = CssSelectors.parse(" input.card#number[autocomplete^=cc-] , [data-private] , * ").orElseThrow();
        assertThat(list).hasSize(3);
        assertThat(list.get(0).parts()).containsExactly(
                new Simple(Kind.TYPE, "input", null, null, (char) 0),
                new Simple(Kind.CLASS, "class", "~=", "card", 's'),
                new Simple(Kind.ID, "id", "=", "number", 's'),
                new Simple(Kind.ATTRIBUTE, "autocomplete", "^=", "cc-", (char) 0));
        assertThat(list.get(1).parts()).containsExactly(new Simple(Kind.ATTRIBUTE, "data-private", null, null, (char) 0));
        assertThat(list.get(2).parts()).isEmpty();
        assertThat(CssSelectors.parse("INPUT[Type=\"password\" i]").orElseThrow().get(0).parts()).containsExactly(
                new Simple(Kind.TYPE, "input", null, null, (char) 0),
                new Simple(Kind.ATTRIBUTE, "type", "=", "password", 'i'));
        assertThat(CssSelectors.parse("[a~=x][b|=y][c$='z'][d*=w]").orElseThrow().get(0).parts())
                .extracting(Simple::op).containsExactly("~=", "|=", "$=", "*=");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "div .secret", "div > p", "a + b", "a ~ b", "p:first-child", "input:not([type])", "::before", "a|b",
            "[ns|attr]", ".a\\:b", "#1abc", ".-1x", "[data-x=1]", "[a=b s]", "a,", ",a", "", "  ", "[a", "[a=\"b]",
            "[href^=https]", "[style]", "[value]", "[rr_dataURL]", "[_cssText]", ".", "#", "-", "--", "a!"})
    void should_leave_a_selector_to_the_browser_when_the_server_cannot_evaluate_it_exactly(String selector) {
        assertThat(CssSelectors.parse(selector)).as(selector).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[data-gcb-mask]", ".gcb-mask", "input[autocomplete^=cc-]", "input[type=hidden]",
            ".sensitive", "#card-number", ".--custom", ".é", "_x", "[data-x='1']"})
    void should_evaluate_the_selectors_of_the_default_configuration_and_other_plain_ones(String selector) {
        assertThat(CssSelectors.parse(selector)).as(selector).isPresent();
    }
}
