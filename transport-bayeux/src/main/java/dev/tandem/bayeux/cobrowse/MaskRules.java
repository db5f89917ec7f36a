package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.cobrowse.CssSelectors.Compound;
import dev.tandem.bayeux.cobrowse.CssSelectors.Kind;
import dev.tandem.bayeux.cobrowse.CssSelectors.Simple;
import dev.tandem.core.PageRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The masking rules compiled for the server's check of the page stream ({@link MaskCheck}): every simple selector
 * of every rule is one bit (an "atom") of an element's {@code long}, a compound is the mask of the bits it needs,
 * so an element matches a rule when its bits cover one of the rule's masks — and an attribute change recomputes
 * only the atoms that read that attribute. Immutable, shared by every session.
 *
 * <p>Besides the configured {@code mask} rules, the fields the customer's browser masks whatever the rules say
 * ({@link #ALWAYS_MASKED}, as client-js's {@code ALWAYS_MASKED_FIELDS}) are checked too. A rule is left to the
 * browser alone (logged once here) when its selector is unsupported ({@link CssSelectors}), when the atoms run
 * out ({@link #MAX_ATOMS}), or when its URL pattern might not mean the same in JavaScript and Java
 * ({@link #portable}). Leaving a rule out can only make the check miss, never refuse what the browser sends.
 */
final class MaskRules {
    /** Masked in the customer's browser whatever the rules: client-js's {@code ALWAYS_MASKED_FIELDS}. */
    static final List<String> ALWAYS_MASKED = List.of(
            "input[type=password]",
            "input[type=hidden]",
            "[data-rr-is-password]",
            "input[autocomplete~=\"cc-number\"]",
            "input[autocomplete~=\"cc-csc\"]",
            "input[autocomplete~=\"cc-exp\"]",
            "input[autocomplete~=\"current-password\"]",
            "input[autocomplete~=\"new-password\"]",
            "input[autocomplete~=\"one-time-code\"]");
    static final int MAX_ATOMS = Long.SIZE;
    /** Attributes whose values HTML matches case-insensitively in attribute selectors (HTML, "case-sensitivity of selectors"). */
    private static final Set<String> CASE_INSENSITIVE_VALUES = Set.of("accept", "accept-charset", "align", "alink",
            "axis", "bgcolor", "charset", "checked", "clear", "codetype", "color", "compact", "declare", "defer", "dir",
            "direction", "disabled", "enctype", "face", "frame", "hreflang", "http-equiv", "lang", "language", "link",
            "media", "method", "multiple", "nohref", "noresize", "noshade", "nowrap", "readonly", "rel", "rev", "rules",
            "scope", "scrolling", "selected", "shape", "target", "text", "type", "valign", "valuetype", "vlink");

    /** One configured rule: its selector as configured, its compounds' masks, its page pattern (null: every page). */
    record Rule(String selector, long[] masks, Pattern url) {
    }

    /** The rules that apply in one baseline: in the top document, and in nested documents (iframes). */
    record Active(List<Rule> top, List<Rule> nested) {
        List<Rule> in(boolean nestedDocument) {
            return nestedDocument ? nested : top;
        }
    }

    private final Simple[] atoms;
    /** Element name → the bits of the type atoms it holds. */
    private final Map<String, Long> typeBits;
    /** Attribute name → the atoms that read it. */
    private final Map<String, int[]> byAttribute;
    private final Rule[] sensitive;
    private final List<Rule> rules;

    private MaskRules(Simple[] atoms, Rule[] sensitive, List<Rule> rules) {
        this.atoms = atoms;
        this.sensitive = sensitive;
        this.rules = List.copyOf(rules);
        Map<String, Long> types = new HashMap<>();
        Map<String, List<Integer>> readers = new HashMap<>();
        for (int i = 0; i < atoms.length; i++) {
            Simple a = atoms[i];
            if (a.kind() == Kind.TYPE) {
                types.merge(a.name(), 1L << i, (x, y) -> x | y);
            } else {
                readers.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(i);
            }
        }
        Map<String, int[]> index = new HashMap<>();
        readers.forEach((name, list) -> index.put(name, list.stream().mapToInt(Integer::intValue).toArray()));
        this.typeBits = Map.copyOf(types);
        this.byAttribute = Map.copyOf(index);
    }

    /** Compiles the {@code mask} rules of {@code page}; {@code skipped} hears, once, why a rule is not checked. */
    static MaskRules compile(PageRules page, Consumer<String> skipped) {
        Map<Simple, Integer> index = new LinkedHashMap<>();
        List<Rule> sensitive = new ArrayList<>();
        for (String selector : ALWAYS_MASKED) {
            Optional<Rule> r = rule(selector, null, index);
            sensitive.add(r.orElseThrow(() -> new IllegalStateException("built-in selector " + selector)));
        }
        List<Rule> rules = new ArrayList<>();
        for (PageRules.Rule configured : page.mask()) {
            String pattern = configured.urlPattern().filter(p -> !p.isEmpty()).orElse(null);
            if (pattern != null && !portable(pattern)) {
                skipped.accept("mask rule '" + configured.selector() + "' (url '" + pattern + "'): its url pattern uses syntax that JavaScript and Java"
                        + " may read differently (only literals, . [] () (?: (?= (?! | ^ $ quantifiers and \\d \\w \\s \\b escapes are checked)");
                continue;
            }
            Optional<List<Compound>> compounds = CssSelectors.parse(configured.selector());
            if (compounds.isEmpty()) {
                skipped.accept("mask rule '" + configured.selector() + "': the server evaluates only lists of type, *, #id, .class"
                        + " and [attribute] selectors (no combinators, pseudo-classes or escapes)");
                continue;
            }
            Optional<Rule> r = rule(configured.selector(), pattern == null ? null : Pattern.compile(pattern), index);
            if (r.isEmpty()) {
                skipped.accept("mask rule '" + configured.selector() + "': more than " + MAX_ATOMS + " simple selectors in all");
                continue;
            }
            rules.add(r.get());
        }
        return new MaskRules(index.keySet().toArray(Simple[]::new), sensitive.toArray(Rule[]::new), rules);
    }

    private static Optional<Rule> rule(String selector, Pattern url, Map<Simple, Integer> index) {
        List<Compound> compounds = CssSelectors.parse(selector).orElseThrow();
        Map<Simple, Integer> added = new LinkedHashMap<>();
        long[] masks = new long[compounds.size()];
        for (int c = 0; c < compounds.size(); c++) {
            for (Simple s : compounds.get(c).parts()) {
                Integer bit = index.get(s);
                if (bit == null) {
                    bit = added.get(s);
                }
                if (bit == null) {
                    if (index.size() + added.size() == MAX_ATOMS) {
                        return Optional.empty();
                    }
                    bit = index.size() + added.size();
                    added.put(s, bit);
                }
                masks[c] |= 1L << bit;
            }
        }
        index.putAll(added);
        return Optional.of(new Rule(selector, masks, url));
    }

    /** The rules that apply on the page at {@code url}; a null url (unknown) activates only rules for every page. */
    Active active(String url) {
        List<Rule> top = new ArrayList<>();
        List<Rule> nested = new ArrayList<>();
        for (Rule r : rules) {
            if (r.url() == null) {
                top.add(r);
                nested.add(r);
            } else if (url != null && r.url().matcher(url).find()) {
                top.add(r);
            }
        }
        return new Active(List.copyOf(top), List.copyOf(nested));
    }

    /**
     * The atoms an element with these {@code attributes} (rrweb's object; values that are not strings count as
     * absent) holds. Names are compared as rrweb sends them (HTML's are lower case; SVG's camel case never match
     * a selector, which is lower-cased).
     */
    long atoms(String tag, boolean svg, JsonNode attributes) {
        long bits = svg ? 0 : typeBits.getOrDefault(tag, 0L);
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int[] readers = byAttribute.get(e.getKey());
            if (readers != null) {
                String v = text(e.getValue());
                for (int i : readers) {
                    if (test(atoms[i], svg, v)) {
                        bits |= 1L << i;
                    }
                }
            }
        }
        return bits;
    }

    /** Whether any atom reads attribute {@code name}. */
    boolean reads(String name) {
        return byAttribute.containsKey(name);
    }

    /** {@code bits} after attribute {@code name} changed to {@code value} (null or not a string: removed). */
    long update(long bits, boolean svg, String name, JsonNode value) {
        int[] readers = byAttribute.get(name);
        if (readers == null) {
            return bits;
        }
        String v = text(value);
        for (int i : readers) {
            bits = test(atoms[i], svg, v) ? bits | (1L << i) : bits & ~(1L << i);
        }
        return bits;
    }

    /** The first rule of {@code rules} the element with {@code bits} matches, or null. */
    static Rule match(List<Rule> rules, long bits) {
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            for (long m : r.masks()) {
                if ((bits & m) == m) {
                    return r;
                }
            }
        }
        return null;
    }

    /** The always-masked selector the element with {@code bits} matches, or null. */
    String sensitive(long bits) {
        for (Rule r : sensitive) {
            for (long m : r.masks()) {
                if ((bits & m) == m) {
                    return r.selector();
                }
            }
        }
        return null;
    }

    /** Rules checked (for the start-up log). */
    int ruleCount() {
        return rules.size();
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private static boolean test(Simple a, boolean svg, String v) {
        if (v == null) {
            return false;
        }
        String op = a.op();
        if (op == null) {
            return true;
        }
        boolean ci = a.caseFlag() == 'i' || (a.caseFlag() == 0 && !svg && CASE_INSENSITIVE_VALUES.contains(a.name()));
        String want = ci ? asciiLower(a.value()) : a.value();
        String have = ci ? asciiLower(v) : v;
        return switch (op) {
            case "=" -> have.equals(want);
            case "~=" -> !want.isEmpty() && !hasSpace(want) && hasToken(have, want);
            case "|=" -> have.equals(want) || have.startsWith(want + "-");
            case "^=" -> !want.isEmpty() && have.startsWith(want);
            case "$=" -> !want.isEmpty() && have.endsWith(want);
            case "*=" -> !want.isEmpty() && have.contains(want);
            default -> false;
        };
    }

    private static boolean hasToken(String list, String token) {
        int n = list.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(list.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(list.charAt(i))) {
                i++;
            }
            if (i > start && i - start == token.length() && list.startsWith(token, start)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isSpace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static String asciiLower(String s) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = (char) (c + ('a' - 'A'));
            }
        }
        return out == null ? s : new String(out);
    }

    /**
     * Whether {@code pattern} reads the same as a JavaScript {@code RegExp} (which the browser tests against
     * {@code location.href}) and as a Java {@link Pattern}, for URLs: literals, {@code .}, classes without
     * nesting or intersection, groups {@code ( (?: (?= (?!}, alternation, anchors, greedy and lazy quantifiers,
     * the escapes {@code \d \D \w \W \s \S \b \B} and escaped punctuation. Anything else (flags such as
     * {@code (?i)}, possessive quantifiers, {@code \p}, {@code \Q}, back-references…) is not portable.
     */
    static boolean portable(String pattern) {
        boolean inClass = false;
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            char next = i + 1 < n ? pattern.charAt(i + 1) : 0;
            if (c == '\\') {
                if (next == 0) {
                    return false;
                }
                boolean classEscape = "dDwWsS".indexOf(next) >= 0 || (!inClass && "bB".indexOf(next) >= 0);
                boolean punctuation = next < 0x80 && !Character.isLetterOrDigit(next);
                if (!classEscape && !punctuation) {
                    return false;
                }
                i++;
            } else if (inClass) {
                if (c == '[' || (c == '&' && next == '&')) {
                    return false;
                }
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                if (next == '^') {
                    i++;
                    next = i + 1 < n ? pattern.charAt(i + 1) : 0;
                }
                if (next == ']') {
                    return false; // JavaScript's [] and [^] mean something else in Java
                }
            } else if (c == '(' && next == '?') {
                char kind = i + 2 < n ? pattern.charAt(i + 2) : 0;
                if (kind != ':' && kind != '=' && kind != '!') {
                    return false;
                }
                i += 2;
            } else if ((c == '*' || c == '+' || c == '?' || c == '}') && next == '+') {
                return false;
            } else if (c >= 0x80 || c < 0x20) {
                return false;
            }
        }
        return !inClass;
    }
}
