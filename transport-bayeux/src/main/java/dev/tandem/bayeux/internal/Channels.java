package dev.tandem.bayeux.internal;

import java.util.ArrayList;
import java.util.List;

/** Channel-name rules: syntax, families, wildcard matching ({@code *} one segment, {@code **} any depth). */
final class Channels {
    static final int MAX_LENGTH = 512;

    private Channels() {
    }

    /**
     * Whether {@code name} is a channel name: {@code /segment/segment…}, segments of letters, digits and
     * {@code -_!~()$@.}, a wildcard ({@code *} or {@code **}) allowed as the last segment only.
     */
    static boolean isValid(String name) {
        int n = name == null ? 0 : name.length();
        if (n < 2 || n > MAX_LENGTH || name.charAt(0) != '/') {
            return false;
        }
        // One pass, no allocation: it runs for every inbound message.
        int start = 1;
        for (int i = 1; i <= n; i++) {
            if (i < n && name.charAt(i) != '/') {
                continue;
            }
            int len = i - start;
            if (len == 0) {
                return false;
            }
            boolean wildcard = name.charAt(start) == '*' && (len == 1 || (len == 2 && name.charAt(start + 1) == '*'));
            if (wildcard) {
                if (i != n) {
                    return false;
                }
            } else {
                for (int j = start; j < i; j++) {
                    if (!isSegmentChar(name.charAt(j))) {
                        return false;
                    }
                }
            }
            start = i + 1;
        }
        return true;
    }

    private static boolean isSegmentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '!' || c == '~' || c == '(' || c == ')' || c == '$' || c == '@' || c == '.';
    }

    static boolean isWildcard(String name) {
        return name.endsWith("/*") || name.endsWith("/**");
    }

    static boolean isMeta(String name) {
        return name.startsWith("/meta/") || name.equals("/meta");
    }

    static boolean isService(String name) {
        return name.startsWith("/service/") || name.equals("/service");
    }

    /**
     * The subscription patterns that match a (non-wildcard) channel, most specific first: for {@code /a/b/c}
     * these are {@code /a/b/c}, {@code /a/b/*}, {@code /a/b/**}, {@code /a/**}, {@code /**}.
     */
    static List<String> matchingPatterns(String channel) {
        List<String> patterns = new ArrayList<>();
        patterns.add(channel);
        if (!channel.startsWith("/")) {
            return patterns;
        }
        int slash = channel.lastIndexOf('/');
        String parent = channel.substring(0, slash);
        patterns.add(parent + "/*");
        while (true) {
            patterns.add(parent + "/**");
            if (parent.isEmpty()) {
                break;
            }
            parent = parent.substring(0, parent.lastIndexOf('/'));
        }
        return patterns;
    }

    /** Whether {@code pattern} (possibly a wildcard) matches the concrete {@code channel}; allocates nothing. */
    static boolean matches(String pattern, String channel) {
        if (pattern.endsWith("/**")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return channel.length() > prefix.length() && channel.startsWith(prefix);
        }
        if (pattern.endsWith("/*")) {
            int prefix = pattern.length() - 1;
            return channel.length() > prefix && channel.regionMatches(0, pattern, 0, prefix)
                    && channel.indexOf('/', prefix) < 0;
        }
        return pattern.equals(channel);
    }
}
