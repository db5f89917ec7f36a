package dev.tandem.bayeux.cobrowse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The CSS selectors the server evaluates on rrweb's serialised nodes: a list ({@code a, b}) of compounds of a
 * type ({@code input}) or {@code *}, {@code #id}, {@code .class}, {@code [attr]} and {@code [attr op value]}
 * with {@code op} one of {@code = ~= |= ^= $= *=} and an optional {@code i} flag.
 *
 * <p>Anything else — combinators ({@code a b}, {@code >}, {@code +}, {@code ~}), pseudo-classes and -elements,
 * namespaces, escapes — is <em>unsupported</em>: {@link #parse} returns empty and the rule is left to the
 * browser alone. Only valid CSS is accepted (a name never starts with a digit, an unquoted value is an
 * identifier), so the server never applies a rule that the browser dropped as invalid. So are attributes whose
 * value rrweb rewrites before sending (URLs made absolute, form state): {@link #REWRITTEN_ATTRIBUTES}.
 */
final class CssSelectors {
    /** Attributes rrweb does not send as the page has them: a selector on them could match what the browser does not. */
    static final Set<String> REWRITTEN_ATTRIBUTES = Set.of("src", "href", "srcset", "background", "style", "data",
            "value", "checked", "selected");

    /** What one simple selector tests. */
    enum Kind { TYPE, ID, CLASS, ATTRIBUTE }

    /**
     * One simple selector. {@code name}: the lower-cased type or attribute name ({@code id}/{@code class} for
     * those); {@code op}: null for presence ({@code [attr]}), else the operator; {@code caseFlag}: 'i' (ignore case), 's' (case-sensitive) or 0 (as HTML says).
     */
    record Simple(Kind kind, String name, String op, String value, char caseFlag) {
    }

    /** Simple selectors that must all hold; empty for {@code *}. */
    record Compound(List<Simple> parts) {
        Compound {
            parts = List.copyOf(parts);
        }
    }

    private final String text;
    private int pos;

    private CssSelectors(String text) {
        this.text = text;
    }

    /** The compounds of {@code selectorList}, or empty when any part of it is unsupported (or invalid). */
    static Optional<List<Compound>> parse(String selectorList) {
        String s = selectorList.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CssSelectors(s).list());
        } catch (Unsupported e) {
            return Optional.empty();
        }
    }

    private List<Compound> list() {
        List<Compound> out = new ArrayList<>();
        while (true) {
            out.add(compound());
            skipSpaces();
            if (pos == text.length()) {
                return out;
            }
            expect(',');
            skipSpaces();
        }
    }

    private Compound compound() {
        List<Simple> parts = new ArrayList<>();
        boolean any = false;
        if (peek('*')) {
            pos++;
            any = true;
        } else if (pos < text.length() && isNameStart(text.charAt(pos))) {
            parts.add(new Simple(Kind.TYPE, ident().toLowerCase(Locale.ROOT), null, null, (char) 0));
            any = true;
        }
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                pos++;
                parts.add(new Simple(Kind.ID, "id", "=", ident(), 's'));
            } else if (c == '.') {
                pos++;
                parts.add(new Simple(Kind.CLASS, "class", "~=", ident(), 's'));
            } else if (c == '[') {
                pos++;
                parts.add(attribute());
            } else {
                break;
            }
            any = true;
        }
        if (!any) {
            throw new Unsupported();
        }
        if (pos < text.length() && text.charAt(pos) != ',' && !isSpace(text.charAt(pos))) {
            throw new Unsupported(); // a combinator, a pseudo-class, a namespace…
        }
        return new Compound(parts);
    }

    private Simple attribute() {
        skipSpaces();
        String name = ident().toLowerCase(Locale.ROOT);
        if (REWRITTEN_ATTRIBUTES.contains(name) || name.startsWith("rr_") || name.startsWith("_")) {
            throw new Unsupported();
        }
        skipSpaces();
        if (peek(']')) {
            pos++;
            return new Simple(Kind.ATTRIBUTE, name, null, null, (char) 0);
        }
        String op;
        if (peek('=')) {
            op = "=";
            pos++;
        } else if (pos + 1 < text.length() && text.charAt(pos + 1) == '=' && "~|^$*".indexOf(text.charAt(pos)) >= 0) {
            op = text.substring(pos, pos + 2);
            pos += 2;
        } else {
            throw new Unsupported();
        }
        skipSpaces();
        String value;
        if (peek('"') || peek('\'')) {
            value = string();
        } else {
            value = ident();
        }
        skipSpaces();
        char flag = 0;
        // Only 'i': browsers that do not know the newer 's' flag drop the whole selector.
        if (pos < text.length() && "iI".indexOf(text.charAt(pos)) >= 0) {
            flag = 'i';
            pos++;
            skipSpaces();
        }
        expect(']');
        return new Simple(Kind.ATTRIBUTE, name, op, value, flag);
    }

    /** A CSS identifier without escapes: {@code --name}, or an optional {@code -} then a name-start character. */
    private String ident() {
        int start = pos;
        if (text.startsWith("--", pos)) {
            pos += 2;
            if (pos == text.length() || !isNameChar(text.charAt(pos))) {
                throw new Unsupported();
            }
        } else {
            if (peek('-')) {
                pos++;
            }
            if (pos == text.length() || !isNameStart(text.charAt(pos))) {
                throw new Unsupported();
            }
        }
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private String string() {
        char quote = text.charAt(pos++);
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != quote) {
            char c = text.charAt(pos);
            if (c == '\\' || c == '\n' || c == '\r' || c == '\f') {
                throw new Unsupported();
            }
            pos++;
        }
        if (pos == text.length()) {
            throw new Unsupported();
        }
        return text.substring(start, pos++);
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9') || c == '-';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw new Unsupported();
        }
        pos++;
    }

    private void skipSpaces() {
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    /** This selector is beyond what the server evaluates. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }
}
