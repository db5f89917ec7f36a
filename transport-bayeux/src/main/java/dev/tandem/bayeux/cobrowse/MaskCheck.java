package dev.tandem.bayeux.cobrowse;

import static dev.tandem.bayeux.cobrowse.PageMirror.DOCUMENT;
import static dev.tandem.bayeux.cobrowse.PageMirror.ELEMENT;
import static dev.tandem.bayeux.cobrowse.PageMirror.INPUT;
import static dev.tandem.bayeux.cobrowse.PageMirror.NESTED;
import static dev.tandem.bayeux.cobrowse.PageMirror.NO_TEXT_MASK;
import static dev.tandem.bayeux.cobrowse.PageMirror.RAW_VALUE;
import static dev.tandem.bayeux.cobrowse.PageMirror.SCOPE_TOP;
import static dev.tandem.bayeux.cobrowse.PageMirror.SELF_RULE;
import static dev.tandem.bayeux.cobrowse.PageMirror.SENSITIVE;
import static dev.tandem.bayeux.cobrowse.PageMirror.SVG;
import static dev.tandem.bayeux.cobrowse.PageMirror.TEXT;
import static dev.tandem.bayeux.cobrowse.PageMirror.VALUE_FIELD;
import static dev.tandem.bayeux.cobrowse.PageMirror.WAS_PASSWORD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's second line of defence behind the browser's masking: follows one session's page as rrweb
 * describes it (full snapshots, mutations, input events) and finds content that the masking rules say must not
 * leave the customer's browser but came through anyway — a value of a masked or always-masked field, or the text
 * of a masked element, that is not made of mask characters.
 *
 * <p>It mirrors what client-js and rrweb 2 do, and only that, so that an honest client is never refused: a
 * field's value ({@code attributes.value} of input, textarea and select; input events; {@code value} attribute
 * changes) must be all {@code *} when the field is always masked or it or an ancestor matches a mask rule; the
 * text of a masked element (text nodes, text changes) must be {@code *} and whitespace, except below
 * {@code style}/{@code script}. Checkbox, radio, submit and button values are not checked (rrweb sends them as they
 * are), nor is anything rrweb does not mask (attributes other than {@code value}, {@code option} values, custom
 * events). Ancestor rules do not reach through a shadow root or into an iframe, and rules with a URL pattern
 * apply only in the top document of a page whose full snapshot's Meta {@code href} is the URL the master reported
 * on {@code /service/session/page} — the URL its masking was set up for.
 *
 * <p>Cost: one pass over the events of a batch; mouse, scroll and other events are skipped at once by type. Not
 * thread-safe: owned by one {@link PageState}.
 */
final class MaskCheck {
    /** What leaked where, for the refusal and the log; never the content itself. */
    record Leak(int nodeId, String what, String why) {
    }

    /** The outcome of one batch: the first leak (null when none) and how many were found. */
    record Result(Leak first, int leaks) {
        boolean clean() {
            return first == null;
        }
    }

    private static final int FULL_SNAPSHOT = 2;
    private static final int INCREMENTAL = 3;
    private static final int META = 4;
    private static final int MUTATION = 0;
    private static final int INPUT_EVENT = 5;
    private static final int NODE_DOCUMENT = 0;
    private static final int NODE_ELEMENT = 2;
    private static final int NODE_TEXT = 3;

    private final MaskRules rules;
    private final PageMirror mirror = new PageMirror();
    private MaskRules.Active active;
    private Leak first;
    private int leaks;

    MaskCheck(MaskRules rules) {
        this.rules = rules;
        this.active = rules.active(null);
    }

    /** Whether node ids were out of the mirror's range since the last snapshot (those nodes are not checked). */
    boolean overflowed() {
        return mirror.overflowed();
    }

    /**
     * Follows the events of one batch and reports what leaked. The page is followed whatever the outcome (the
     * customer's page did change), so that the next batch is checked against it.
     *
     * @param pageUrl the URL the master last reported, or null
     */
    Result check(JsonNode events, String pageUrl) {
        first = null;
        leaks = 0;
        String metaHref = null;
        for (JsonNode event : events) {
            int type = event.path("type").asInt(-1);
            if (type == INCREMENTAL) {
                JsonNode data = event.path("data");
                int source = data.path("source").asInt(-1);
                if (source == MUTATION) {
                    mutation(data);
                } else if (source == INPUT_EVENT) {
                    input(data);
                }
            } else if (type == META) {
                JsonNode href = event.path("data").path("href");
                metaHref = href.isTextual() ? href.asText() : null;
            } else if (type == FULL_SNAPSHOT) {
                mirror.reset();
                active = rules.active(metaHref != null && metaHref.equals(pageUrl) ? pageUrl : null);
                JsonNode node = event.path("data").path("node");
                if (node.isObject()) {
                    walk(node, 0, false, false, false);
                }
            }
        }
        return new Result(first, leaks);
    }

    // --- full snapshots and additions --------------------------------------------------------------------

    /** One node to visit: where it hangs and what it inherits from its ancestors. */
    private record Visit(JsonNode node, int parentId, boolean masked, boolean nested, boolean noText) {
    }

    /** Remembers and checks {@code root} and its serialised subtree (iteratively: pages are deep). */
    private void walk(JsonNode root, int parentId, boolean masked, boolean nested, boolean noText) {
        ArrayDeque<Visit> stack = new ArrayDeque<>();
        stack.push(new Visit(root, parentId, masked, nested, noText));
        while (!stack.isEmpty()) {
            Visit v = stack.pop();
            JsonNode node = v.node();
            int id = intOf(node.get("id"));
            if (id <= 0) {
                continue;
            }
            boolean shadow = node.path("isShadow").asBoolean(false);
            int type = node.path("type").asInt(-1);
            boolean childMasked = false;
            boolean childNested = v.nested();
            boolean childNoText = false;
            if (type == NODE_DOCUMENT) {
                // The page's own document, or an iframe's: ancestors' rules stop here.
                childNested = v.parentId() != 0 || v.nested();
                mirror.put(id, v.parentId(), DOCUMENT | (childNested ? NESTED : 0), 0);
            } else if (type == NODE_ELEMENT) {
                int flags = element(id, v.parentId(), node, v.nested(), shadow);
                boolean inherited = v.masked() && !shadow;
                childMasked = inherited || (flags & SELF_RULE) != 0;
                childNoText = (flags & NO_TEXT_MASK) != 0;
                checkValue(id, flags, node.path("attributes").get("value"), childMasked);
            } else if (type == NODE_TEXT) {
                mirror.put(id, v.parentId(), TEXT | (shadow ? SCOPE_TOP : 0) | (v.nested() ? NESTED : 0), 0);
                if (v.masked() && !shadow && !v.noText() && !node.path("isStyle").asBoolean(false)) {
                    checkText(id, v.parentId(), node.get("textContent"));
                }
            } else {
                mirror.put(id, v.parentId(), v.nested() ? NESTED : 0, 0);
            }
            JsonNode children = node.get("childNodes");
            if (children != null && children.isArray()) {
                for (int i = children.size() - 1; i >= 0; i--) {
                    stack.push(new Visit(children.get(i), id, childMasked, childNested, childNoText));
                }
            }
        }
    }

    /** Remembers an element; returns its flags. */
    private int element(int id, int parentId, JsonNode node, boolean nested, boolean shadow) {
        String tag = node.path("tagName").asText("").toLowerCase(Locale.ROOT);
        boolean svg = node.path("isSVG").asBoolean(false);
        JsonNode attributes = node.path("attributes");
        if (!attributes.isObject()) {
            attributes = MissingNode.getInstance();
        }
        long atoms = rules.atoms(tag, svg, attributes);
        int flags = ELEMENT | (shadow ? SCOPE_TOP : 0) | (nested ? NESTED : 0) | (svg ? SVG : 0);
        switch (tag) {
            case "input" -> flags |= INPUT | VALUE_FIELD;
            case "textarea", "select" -> flags |= VALUE_FIELD;
            case "style", "script" -> flags |= NO_TEXT_MASK;
            default -> { }
        }
        flags = typed(flags, attributes.get("type"));
        if (attributes.path("data-rr-is-password").isTextual()) {
            flags |= WAS_PASSWORD;
        }
        flags = evaluate(flags, atoms);
        mirror.put(id, parentId, flags, atoms);
        return flags;
    }

    /** Flags that follow an input's {@code type}: once a password, always a password. */
    private static int typed(int flags, JsonNode type) {
        if ((flags & INPUT) == 0) {
            return flags;
        }
        String t = type != null && type.isTextual() ? type.asText().toLowerCase(Locale.ROOT) : "";
        boolean raw = t.equals("checkbox") || t.equals("radio") || t.equals("submit") || t.equals("button");
        flags = raw ? flags | RAW_VALUE : flags & ~RAW_VALUE;
        return t.equals("password") ? flags | WAS_PASSWORD : flags;
    }

    /** SELF_RULE and SENSITIVE from the element's atoms. */
    private int evaluate(int flags, long atoms) {
        boolean rule = MaskRules.match(active.in((flags & NESTED) != 0), atoms) != null;
        boolean sensitive = (flags & WAS_PASSWORD) != 0 || rules.sensitive(atoms) != null;
        flags = rule ? flags | SELF_RULE : flags & ~SELF_RULE;
        return sensitive ? flags | SENSITIVE : flags & ~SENSITIVE;
    }

    // --- incremental events ------------------------------------------------------------------------------

    /** A mutation, in the order that leaves the mirror as the page was when rrweb serialised it. */
    private void mutation(JsonNode data) {
        List<Integer> valueIds = null;
        List<JsonNode> values = null;
        for (JsonNode change : data.path("attributes")) {
            int id = intOf(change.get("id"));
            JsonNode attributes = change.get("attributes");
            if (attributes == null || !attributes.isObject() || (mirror.flags(id) & ELEMENT) == 0) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                attribute(id, e.getKey(), e.getValue());
                if (e.getKey().equals("value") && e.getValue().isTextual()) {
                    if (valueIds == null) {
                        valueIds = new ArrayList<>();
                        values = new ArrayList<>();
                    }
                    valueIds.add(id);
                    values.add(e.getValue());
                }
            }
        }
        for (JsonNode removal : data.path("removes")) {
            mirror.remove(intOf(removal.get("id")));
        }
        for (JsonNode addition : data.path("adds")) {
            JsonNode node = addition.get("node");
            if (node != null && node.isObject()) {
                add(intOf(addition.get("parentId")), node);
            }
        }
        if (valueIds != null) {
            for (int i = 0; i < valueIds.size(); i++) {
                int id = valueIds.get(i);
                int flags = mirror.flags(id);
                checkValue(id, flags, values.get(i), mirror.maskingElement(id) != 0);
            }
        }
        for (JsonNode text : data.path("texts")) {
            int id = intOf(text.get("id"));
            int flags = mirror.flags(id);
            if ((flags & TEXT) == 0 || (flags & SCOPE_TOP) != 0) {
                continue;
            }
            int parent = mirror.parent(id);
            if ((mirror.flags(parent) & NO_TEXT_MASK) == 0 && mirror.maskingElement(parent) != 0) {
                checkText(id, parent, text.get("value"));
            }
        }
    }

    private void attribute(int id, String name, JsonNode value) {
        int flags = mirror.flags(id);
        long atoms = mirror.atoms(id);
        if (rules.reads(name)) {
            atoms = rules.update(atoms, (flags & SVG) != 0, name, value);
            mirror.atoms(id, atoms);
        }
        if (name.equals("type")) {
            flags = typed(flags, value);
        } else if (name.equals("data-rr-is-password") && value.isTextual()) {
            flags |= WAS_PASSWORD;
        }
        mirror.flags(id, evaluate(flags, atoms));
    }

    /** An added node (and any subtree serialised with it, e.g. an iframe's document) under {@code parentId}. */
    private void add(int parentId, JsonNode node) {
        int parentFlags = mirror.flags(parentId);
        boolean known = (parentFlags & (ELEMENT | DOCUMENT)) != 0;
        // Below an unknown parent nothing is inherited, and only rules for every page apply.
        boolean nested = !known || (parentFlags & NESTED) != 0
                || (node.path("type").asInt(-1) == NODE_DOCUMENT);
        boolean masked = (parentFlags & ELEMENT) != 0 && mirror.maskingElement(parentId) != 0;
        boolean noText = (parentFlags & NO_TEXT_MASK) != 0;
        walk(node, known ? parentId : 0, masked, nested, noText);
    }

    private void input(JsonNode data) {
        int id = intOf(data.get("id"));
        int flags = mirror.flags(id);
        if ((flags & ELEMENT) != 0) {
            checkValue(id, flags, data.get("text"), mirror.maskingElement(id) != 0);
        }
    }

    // --- the checks ------------------------------------------------------------------------------------

    /** A field's value must be all '*' when the field is always masked or covered by a rule. */
    private void checkValue(int id, int flags, JsonNode value, boolean ruleMasked) {
        if ((flags & VALUE_FIELD) == 0 || (flags & RAW_VALUE) != 0 || value == null || !value.isTextual()) {
            return;
        }
        boolean sensitive = (flags & SENSITIVE) != 0;
        if ((sensitive || ruleMasked) && !allMaskChars(value.asText(), false)) {
            String why;
            if (sensitive) {
                String selector = rules.sensitive(mirror.atoms(id));
                why = selector != null ? "always masked (" + selector + ")" : "a password field";
            } else {
                why = ruleOf(mirror.maskingElement(id));
            }
            leak(new Leak(id, "the value of a field", why));
        }
    }

    /** The text of an element covered by a rule must be '*' and whitespace. */
    private void checkText(int id, int parentId, JsonNode text) {
        if (text == null || !text.isTextual() || allMaskChars(text.asText(), true)) {
            return;
        }
        leak(new Leak(id, "the text of an element", ruleOf(mirror.maskingElement(parentId))));
    }

    private String ruleOf(int element) {
        MaskRules.Rule r = element == 0 ? null
                : MaskRules.match(active.in((mirror.flags(element) & NESTED) != 0), mirror.atoms(element));
        return r == null ? "masked by a rule" : "masked by rule '" + r.selector() + "'";
    }

    private void leak(Leak leak) {
        if (first == null) {
            first = leak;
        }
        leaks++;
    }

    /**
     * Whether {@code s} is what the browser's masking makes: only '*' for values; '*' and whitespace (as
     * JavaScript's {@code \s}, which client-js keeps) for text.
     */
    static boolean allMaskChars(String s, boolean whitespaceToo) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '*' && !(whitespaceToo && isJsSpace(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJsSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f' || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000 || c == 0xFEFF;
    }

    private static int intOf(JsonNode n) {
        return n != null && n.isInt() ? n.intValue() : -1;
    }
}
