package dev.tandem.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The seed's History REST body, field by field, with the durations it defines. */
public final class HistoryShape {
    private HistoryShape() {
    }

    /**
     * Asserts exactly the seed's fields ({@code id, sessionToken, creationTime, activationTime,
     * deactivationTime, pages[url, enteredTimestamp, duration]}), the visit order, and durations in whole
     * seconds rounded down: the first page from activation, the last until deactivation, the others until
     * the next page was entered.
     */
    public static void assertSeedHistory(JsonNode body, String historyId, String sessionToken, List<String> urls) {
        assertThat(fieldNames(body)).containsExactly("id", "sessionToken", "creationTime", "activationTime", "deactivationTime", "pages");
        assertThat(body.get("id").asText()).isEqualTo(historyId);
        assertThat(body.get("sessionToken").asText()).isEqualTo(sessionToken);
        long creation = body.get("creationTime").asLong();
        long activation = body.get("activationTime").asLong();
        long deactivation = body.get("deactivationTime").asLong();
        assertThat(body.get("creationTime").isIntegralNumber()).isTrue();
        assertThat(creation).isPositive().isLessThanOrEqualTo(activation);
        assertThat(activation).isLessThanOrEqualTo(deactivation);
        JsonNode pages = body.get("pages");
        assertThat(pages.size()).isEqualTo(urls.size());
        for (int i = 0; i < pages.size(); i++) {
            JsonNode page = pages.get(i);
            assertThat(fieldNames(page)).containsExactly("url", "enteredTimestamp", "duration");
            assertThat(page.get("url").asText()).isEqualTo(urls.get(i));
            long entered = page.get("enteredTimestamp").asLong();
            // A page entered before activation counts from activation (the seed: from session start).
            long from = Math.max(entered, activation);
            long until = i == pages.size() - 1 ? deactivation : pages.get(i + 1).get("enteredTimestamp").asLong();
            assertThat(page.get("duration").asLong()).as("duration of page %d", i).isEqualTo(Math.max(0, (until - from) / 1000));
            assertThat(entered).isBetween(creation, deactivation);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
