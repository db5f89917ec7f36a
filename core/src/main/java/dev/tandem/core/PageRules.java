package dev.tandem.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Data-masking and DOM-control rules, configured on the server and delivered to the customer's
 * application when it joins. They are applied <em>in the customer's browser</em>: masked elements' text
 * and input values are replaced before anything is sent (password inputs are always masked, whatever the
 * rules), and read-only elements refuse the agent's input.
 *
 * @param mask     elements whose content never leaves the customer's browser
 * @param readOnly elements the agent may see but not click or type into
 */
public record PageRules(List<Rule> mask, List<Rule> readOnly) {

    /** No rules beyond the built-in ones (passwords always masked). */
    public static final PageRules NONE = new PageRules(List.of(), List.of());

    public PageRules {
        mask = List.copyOf(mask);
        readOnly = List.copyOf(readOnly);
    }

    /**
     * One rule: a CSS selector, optionally only on pages whose URL matches a regular expression.
     *
     * @param selector   a CSS selector, e.g. {@code input[name=card]} or {@code .private}
     * @param urlPattern a Java/JavaScript-compatible regular expression matched against the page URL
     */
    public record Rule(String selector, Optional<String> urlPattern) {
        public static final int MAX_SELECTOR_LENGTH = 1024;

        public Rule {
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(urlPattern, "urlPattern");
            if (selector.isBlank() || selector.length() > MAX_SELECTOR_LENGTH) {
                throw new InvalidRequestException("A rule's selector must be 1.." + MAX_SELECTOR_LENGTH + " characters");
            }
            urlPattern.ifPresent(p -> {
                try {
                    Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    throw new InvalidRequestException("A rule's url pattern is not a valid regular expression: " + e.getDescription());
                }
            });
        }

        public static Rule of(String selector) {
            return new Rule(selector, Optional.empty());
        }
    }
}
