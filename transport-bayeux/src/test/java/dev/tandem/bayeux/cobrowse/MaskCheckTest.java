package dev.tandem.bayeux.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.support.SeedShapes;
import dev.tandem.core.PageRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The server's mask check against page streams recorded by client-js's own capture (rrweb 2 in jsdom, see
 * {@code src/test/node/rrweb-fixtures.mjs}) and against hand-written rrweb events for the edge cases.
 */
class MaskCheckTest {
    private static final String URL = "https://shop.example/checkout?step=2";

    /** One recorded scenario. */
    private record Recording(String url, PageRules serverRules, List<JsonNode> batches) {
    }

    private static Recording recording(String name) throws IOException {
        try (InputStream in = MaskCheckTest.class.getResourceAsStream("/rrweb/" + name + ".json")) {
            JsonNode root = SeedShapes.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<PageRules.Rule> mask = new ArrayList<>();
            for (JsonNode r : root.path("serverRules").path("mask")) {
                mask.add(new PageRules.Rule(r.get("selector").asText(),
                        r.hasNonNull("url") ? Optional.of(r.get("url").asText()) : Optional.empty()));
            }
            List<JsonNode> batches = new ArrayList<>();
            root.path("batches").forEach(b -> batches.add(b.get("events")));
            return new Recording(root.get("url").asText(), new PageRules(mask, List.of()), batches);
        }
    }

    private static List<MaskCheck.Result> replay(Recording r) {
        MaskCheck check = new MaskCheck(MaskRules.compile(r.serverRules(), s -> { }));
        List<MaskCheck.Result> results = new ArrayList<>();
        for (JsonNode events : r.batches()) {
            results.add(check.check(events, r.url()));
        }
        return results;
    }

    @Test
    void should_pass_every_batch_of_the_real_client_when_it_masks_as_configured() throws IOException {
        Recording honest = recording("honest");
        assertThat(honest.batches()).hasSizeGreaterThan(8);
        assertThat(honest.batches().toString()).doesNotContain("CANARY");
        assertThat(replay(honest)).allSatisfy(r -> assertThat(r.clean()).as("%s", r).isTrue());
    }

    @Test
    void should_find_rule_masked_content_when_the_client_streams_without_the_rules() throws IOException {
        List<MaskCheck.Result> results = replay(recording("no-rules"));
        MaskCheck.Result snapshot = results.get(0);
        assertThat(snapshot.clean()).isFalse();
        assertThat(snapshot.leaks()).as("balance, nested text, inside value, notes, option texts, checkout-only, leaves…")
                .isGreaterThanOrEqualTo(8);
        assertThat(snapshot.first().why()).contains("rule '.sensitive'");
        assertThat(results.stream().filter(r -> !r.clean()).count()).as("the snapshot, typing, text changes, additions")
                .isGreaterThanOrEqualTo(6);
        assertThat(results.get(results.size() - 1).clean()).as("the final resync snapshot").isFalse();
    }

    @Test
    void should_find_field_values_when_the_client_mask_function_is_not_called() throws IOException {
        List<MaskCheck.Result> results = replay(recording("broken-mask"));
        assertThat(results.get(0).clean()).isFalse();
        assertThat(results.get(0).first().what()).isEqualTo("the value of a field");
        assertThat(results.stream().map(MaskCheck.Result::first).filter(l -> l != null).map(MaskCheck.Leak::why).toList())
                .anySatisfy(w -> assertThat(w).contains("password"));
    }

    // --- hand-written events ---------------------------------------------------------------------------

    private final MaskCheck check = new MaskCheck(MaskRules.compile(new PageRules(List.of(PageRules.Rule.of(".secret"),
            new PageRules.Rule("#promo", Optional.of("/checkout"))), List.of()), s -> { }));

    private MaskCheck.Result batch(String eventsJson) {
        return check.check(SeedShapes.parse(eventsJson), URL);
    }

    /** Meta + FullSnapshot of {@code body} (rrweb nodes, ids from 10) in a page at {@code href}. */
    private static String snapshot(String href, String body) {
        return "[{\"type\":4,\"data\":{\"href\":\"" + href + "\",\"width\":800,\"height\":600}},{\"type\":2,\"data\":{\"node\":"
                + "{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":2,\"id\":2,\"tagName\":\"html\",\"attributes\":{},\"childNodes\":["
                + "{\"type\":2,\"id\":3,\"tagName\":\"body\",\"attributes\":{},\"childNodes\":[" + body + "]}]}]},"
                + "\"initialOffset\":{\"top\":0,\"left\":0}}}]";
    }

    private static String el(int id, String tag, String attributes, String... children) {
        return "{\"type\":2,\"id\":" + id + ",\"tagName\":\"" + tag + "\",\"attributes\":" + attributes + ",\"childNodes\":["
                + String.join(",", children) + "]}";
    }

    private static String text(int id, String text) {
        return "{\"type\":3,\"id\":" + id + ",\"textContent\":\"" + text + "\"}";
    }

    private static String mutation(String body) {
        return "[{\"type\":3,\"data\":{\"source\":0,\"texts\":[],\"attributes\":[],\"removes\":[],\"adds\":[]," + body + "}}]";
    }

    @Test
    void should_refuse_a_password_value_and_a_masked_text_when_they_are_not_masked() {
        MaskCheck.Result r = batch(snapshot(URL, el(10, "input", "{\"type\":\"password\",\"value\":\"hunter2\"}") + ","
                + el(11, "p", "{\"class\":\"x secret\"}", text(12, "4111 1111"))));
        assertThat(r.leaks()).isEqualTo(2);
        assertThat(r.first()).isEqualTo(new MaskCheck.Leak(10, "the value of a field", "always masked (input[type=password])"));
        assertThat(r.toString()).doesNotContain("hunter2").doesNotContain("4111");
        assertThat(batch(snapshot(URL, el(10, "input", "{\"type\":\"password\",\"value\":\"*******\"}") + ","
                + el(11, "p", "{\"class\":\"secret\"}", text(12, "**** ****\\n\\u00a0"))))).isEqualTo(new MaskCheck.Result(null, 0));
    }

    @Test
    void should_follow_a_password_field_switched_to_text_and_typing_into_it() {
        batch(snapshot(URL, el(10, "input", "{\"type\":\"password\"}")));
        assertThat(batch(mutation("\"attributes\":[{\"id\":10,\"attributes\":{\"type\":\"text\"}}]")).clean()).isTrue();
        MaskCheck.Result typed = batch("[{\"type\":3,\"data\":{\"source\":5,\"id\":10,\"text\":\"hunter2\",\"isChecked\":false}}]");
        assertThat(typed.first().why()).isEqualTo("a password field");
        assertThat(batch("[{\"type\":3,\"data\":{\"source\":5,\"id\":10,\"text\":\"*******\",\"isChecked\":false}}]").clean()).isTrue();
    }

    @Test
    void should_follow_elements_that_become_or_stop_being_masked() {
        batch(snapshot(URL, el(10, "div", "{}", el(11, "span", "{}", text(12, "hello")))));
        assertThat(batch(mutation("\"texts\":[{\"id\":12,\"value\":\"hi\"}]")).clean()).isTrue();
        MaskCheck.Result masked = batch(mutation("\"attributes\":[{\"id\":10,\"attributes\":{\"class\":\"secret\"}}],"
                + "\"texts\":[{\"id\":12,\"value\":\"visible\"}]"));
        assertThat(masked.first()).isEqualTo(new MaskCheck.Leak(12, "the text of an element", "masked by rule '.secret'"));
        assertThat(batch(mutation("\"attributes\":[{\"id\":10,\"attributes\":{\"class\":null}}],"
                + "\"texts\":[{\"id\":12,\"value\":\"public again\"}]")).clean()).isTrue();
    }

    @Test
    void should_check_additions_below_masked_elements_and_moved_fields() {
        batch(snapshot(URL, el(10, "div", "{\"class\":\"secret\"}") + "," + el(20, "input", "{\"value\":\"free\"}")));
        MaskCheck.Result added = batch(mutation("\"adds\":[{\"parentId\":10,\"nextId\":null,\"node\":"
                + el(11, "b", "{}") + "},{\"parentId\":11,\"nextId\":null,\"node\":" + text(12, "new secret") + "}]"));
        assertThat(added.first().nodeId()).isEqualTo(12);
        MaskCheck.Result moved = batch(mutation("\"removes\":[{\"parentId\":3,\"id\":20}],\"adds\":[{\"parentId\":10,\"nextId\":null,"
                + "\"node\":" + el(20, "input", "{\"value\":\"free\"}") + "}]"));
        assertThat(moved.first()).isEqualTo(new MaskCheck.Leak(20, "the value of a field", "masked by rule '.secret'"));
        assertThat(batch(mutation("\"attributes\":[{\"id\":20,\"attributes\":{\"value\":\"x\"}}]")).first().nodeId()).isEqualTo(20);
    }

    @Test
    void should_not_check_what_rrweb_never_masks() {
        MaskCheck.Result r = batch(snapshot(URL, el(10, "form", "{\"class\":\"secret\"}",
                el(11, "input", "{\"type\":\"checkbox\",\"value\":\"yes\",\"checked\":true}"),
                el(12, "style", "{}", text(13, ".a{color:red}")),
                el(14, "select", "{\"value\":\"*\"}", el(15, "option", "{\"value\":\"visa\"}", text(16, "****"))),
                el(17, "span", "{\"title\":\"not checked\"}"))));
        assertThat(r.clean()).as("%s", r).isTrue();
        assertThat(batch("[{\"type\":3,\"data\":{\"source\":5,\"id\":11,\"text\":\"yes\",\"isChecked\":false}},"
                + "{\"type\":3,\"data\":{\"source\":1,\"positions\":[{\"x\":1,\"y\":2,\"id\":11,\"timeOffset\":0}]}},"
                + "{\"type\":5,\"data\":{\"tag\":\"custom\",\"payload\":{\"card\":\"4111\"}}}]").clean()).isTrue();
    }

    @Test
    void should_stop_ancestor_rules_at_shadow_roots_and_iframes_and_apply_url_rules_to_the_top_page_only() {
        String iframeDoc = "{\"type\":0,\"id\":30,\"childNodes\":[" + el(31, "html", "{}", el(32, "body", "{}",
                el(33, "p", "{\"id\":\"promo\"}", text(34, "frame promo")), el(35, "p", "{\"class\":\"secret\"}", text(36, "frame secret")))) + "]}";
        MaskCheck.Result r = batch(snapshot(URL, el(10, "div", "{\"class\":\"secret\"}",
                "{\"type\":2,\"id\":11,\"tagName\":\"span\",\"attributes\":{},\"childNodes\":[" + text(12, "in shadow") + "],\"isShadow\":true}",
                el(13, "iframe", "{}", iframeDoc)) + "," + el(20, "p", "{\"id\":\"promo\"}", text(21, "top promo"))));
        assertThat(r.leaks()).as("%s", r).isEqualTo(2);
        assertThat(r.first().nodeId()).isIn(21, 36);
        assertThat(batch(snapshot("https://shop.example/elsewhere", el(20, "p", "{\"id\":\"promo\"}", text(21, "top promo")))).clean())
                .as("the snapshot's page is not the page the master reported").isTrue();
    }

    @Test
    void should_skip_batches_without_content_events_and_tolerate_unknown_nodes() {
        assertThat(batch("[{\"type\":3,\"data\":{\"source\":1,\"positions\":[]}},{\"type\":3,\"data\":{\"source\":3,\"id\":1,\"x\":0,\"y\":5}}]")
                .clean()).isTrue();
        assertThat(batch(mutation("\"texts\":[{\"id\":999,\"value\":\"x\"}],\"attributes\":[{\"id\":998,\"attributes\":{\"class\":\"secret\"}}],"
                + "\"adds\":[{\"parentId\":997,\"nextId\":null,\"node\":" + el(996, "p", "{\"class\":\"secret\"}", text(995, "orphan")) + "}]"))
                .first().nodeId()).as("a node added below an unknown parent still has its own rules").isEqualTo(995);
        assertThat(batch("[{\"type\":3,\"data\":{\"source\":0,\"adds\":\"nonsense\",\"texts\":[{\"id\":\"x\"}]}},{\"type\":2,\"data\":{}}]")
                .clean()).isTrue();
    }

    @Test
    void should_follow_deep_pages_without_recursion() throws IOException {
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            open.append("{\"type\":2,\"id\":").append(100 + i).append(",\"tagName\":\"div\",\"attributes\":{")
                    .append(i == 10 ? "\"class\":\"secret\"" : "").append("},\"childNodes\":[");
            close.append("]}");
        }
        String deep = open + text(99, "deep secret") + close;
        MaskCheck.Result r = check.check(new com.fasterxml.jackson.databind.ObjectMapper(
                com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(
                        com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(20_000).build()).build())
                .readTree(snapshot(URL, deep).getBytes(StandardCharsets.UTF_8)), URL);
        assertThat(r.first().nodeId()).isEqualTo(99);
    }
}
