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
        if (name == null || name.length() < 2 || name.length() > MAX_LENGTH || name.charAt(0) != '/') {
            return false;
        }
        String[] segments = name.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty()) {
                return false;
            }
            if (s.equals("*") || s.equals("**")) {
                if (i != segments.length - 1) {
                    return false;
                }
                continue;
            }
            for (int j = 0; j < s.length(); j++) {
                char c = s.charAt(j);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || "-_!~()$@.".indexOf(c) >= 0;
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
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

    /** Whether {@code pattern} (possibly a wildcard) matches the concrete {@code channel}. */
    static boolean matches(String pattern, String channel) {
        return matchingPatterns(channel).contains(pattern);
    }
}
