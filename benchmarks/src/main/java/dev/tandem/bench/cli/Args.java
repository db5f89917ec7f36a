package dev.tandem.bench.cli;

import dev.tandem.bench.BenchException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --name value} and {@code --flag} options, read once; every option must be consumed by a typed
 * getter, and {@link #requireAllUsed()} names the ones that were not (typos fail loudly).
 */
public final class Args {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)[bB]?");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();
    private final Set<String> flags;

    private Args(Set<String> flags) {
        this.flags = flags;
    }

    /** Parses {@code argv}; names in {@code flags} take no value. */
    public static Args parse(List<String> argv, Set<String> flags) {
        Args args = new Args(flags);
        for (int i = 0; i < argv.size(); i++) {
            String token = argv.get(i);
            if (!token.startsWith("--") || token.length() == 2) {
                throw new BenchException("Unexpected argument '" + token + "': options look like --name value");
            }
            String name = token.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (flags.contains(name)) {
                value = "true";
            } else if (i + 1 < argv.size()) {
                value = argv.get(++i);
            } else {
                throw new BenchException("Option --" + name + " needs a value");
            }
            args.values.put(name, value);
        }
        return args;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    public boolean flag(String name) {
        used.add(name);
        String v = values.get(name);
        return v != null && !v.equalsIgnoreCase("false");
    }

    public int integer(String name, int fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BenchException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public long longValue(String name, long fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new BenchException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public double decimal(String name, double fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new BenchException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    public Duration duration(String name, Duration fallback) {
        String v = string(name, null);
        return v == null ? fallback : parseDuration(name, v);
    }

    /** {@code 1024}, {@code 4k}, {@code 2MB}. */
    public int size(String name, int fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(v.trim());
        if (!m.matches()) {
            throw new BenchException("--" + name + " must be a size such as 1024, 4k or 2MB, got '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2).toLowerCase()) {
            case "k" -> n *= 1024;
            case "m" -> n *= 1024 * 1024;
            case "g" -> n *= 1024L * 1024 * 1024;
            default -> { }
        }
        if (n > Integer.MAX_VALUE) {
            throw new BenchException("--" + name + " is too large: " + v);
        }
        return (int) n;
    }

    /** A comma-separated list. */
    public List<String> list(String name, List<String> fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** Fails naming every option that no getter read. */
    public void requireAllUsed() {
        List<String> unknown = new ArrayList<>();
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                unknown.add("--" + name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new BenchException("Unknown option(s) " + unknown + "; run with --help to list the options");
        }
    }

    public static Duration parseDuration(String name, String v) {
        Matcher m = DURATION.matcher(v.trim());
        if (!m.matches()) {
            throw new BenchException("--" + name + " must be a duration such as 30s, 500ms or 2m, got '" + v + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    public static Set<String> flags(String... names) {
        return new LinkedHashSet<>(Arrays.asList(names));
    }
}
