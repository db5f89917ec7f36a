package dev.tandem.bench.heap;

import dev.tandem.bench.BenchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The difference between two {@code jcmd <pid> GC.class_histogram} outputs (as the load run keeps them in
 * {@code histograms/}), class by class, optionally divided by a count of connections or sessions: which
 * objects a phase added to live heap, and how many bytes of each per connection.
 */
public final class HistogramDiff {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** One class's instances and bytes. */
    public record Entry(String className, long instances, long bytes) {
    }

    /** One class's change: instances and bytes after minus before. */
    public record Delta(String className, long instances, long bytes) {
    }

    private HistogramDiff() {
    }

    /** Parses a class histogram: one entry per class (module suffixes dropped). */
    public static Map<String, Entry> parse(String text) {
        Map<String, Entry> out = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                String name = m.group(3);
                Entry e = new Entry(name, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                out.merge(name, e, (a, b) -> new Entry(name, a.instances + b.instances, a.bytes + b.bytes));
            }
        }
        return out;
    }

    /** Every class whose instances or bytes changed, largest byte change first. */
    public static List<Delta> diff(Map<String, Entry> before, Map<String, Entry> after) {
        Set<String> names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        List<Delta> out = new ArrayList<>();
        for (String n : names) {
            Entry a = before.getOrDefault(n, new Entry(n, 0, 0));
            Entry b = after.getOrDefault(n, new Entry(n, 0, 0));
            if (a.instances != b.instances || a.bytes != b.bytes) {
                out.add(new Delta(n, b.instances - a.instances, b.bytes - a.bytes));
            }
        }
        out.sort(Comparator.comparingLong((Delta d) -> -Math.abs(d.bytes)).thenComparing(Delta::className));
        return out;
    }

    /** A Markdown table of the {@code top} largest changes; per-unit columns when {@code per > 0}. */
    public static String markdown(List<Delta> deltas, long per, int top) {
        StringBuilder sb = new StringBuilder();
        long total = deltas.stream().mapToLong(Delta::bytes).sum();
        long totalInstances = deltas.stream().mapToLong(Delta::instances).sum();
        if (per > 0) {
            sb.append("| class | Δ instances | Δ bytes | instances per unit | bytes per unit |\n|---|---|---|---|---|\n");
        } else {
            sb.append("| class | Δ instances | Δ bytes |\n|---|---|---|\n");
        }
        for (Delta d : deltas.subList(0, Math.min(top, deltas.size()))) {
            row(sb, "`" + d.className + "`", d.instances, d.bytes, per);
        }
        long restBytes = total - deltas.subList(0, Math.min(top, deltas.size())).stream().mapToLong(Delta::bytes).sum();
        long restInstances = totalInstances - deltas.subList(0, Math.min(top, deltas.size())).stream()
                .mapToLong(Delta::instances).sum();
        if (deltas.size() > top) {
            row(sb, "(" + (deltas.size() - top) + " other classes)", restInstances, restBytes, per);
        }
        row(sb, "**total**", totalInstances, total, per);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, long instances, long bytes, long per) {
        sb.append("| ").append(name).append(" | ").append(instances).append(" | ").append(bytes);
        if (per > 0) {
            sb.append(String.format(Locale.ROOT, " | %.2f | %.0f", instances / (double) per, bytes / (double) per));
        }
        sb.append(" |\n");
    }

    /** {@code histogram-diff BEFORE AFTER [--per N] [--top K]}. */
    public static String run(Path before, Path after, long per, int top) {
        try {
            return markdown(diff(parse(Files.readString(before)), parse(Files.readString(after))), per, top);
        } catch (IOException e) {
            throw new BenchException("Cannot read a histogram: " + e.getMessage(), e);
        }
    }
}
