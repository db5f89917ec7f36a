package dev.tandem.bench.load.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The generator JVM's own collections: a message that arrives while the generator is paused is timed late, so
 * the reports say how much of the steady phase the generator spent in its collector. Counts the collectors that
 * pause the application (G1's young and old generations, Serial's, Parallel's, ZGC's and Shenandoah's pauses),
 * not the beans that time concurrent cycles.
 */
final class OwnGc {
    private OwnGc() {
    }

    /** Collections so far and the milliseconds they took. */
    record Totals(long count, long millis) {
        static final Totals NONE = new Totals(0, 0);
    }

    static Totals now() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : pausing()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new Totals(count, millis);
    }

    /** The collector's name as operators know it: G1, Serial, Parallel, ZGC, Shenandoah (else the beans' names). */
    static String collector() {
        List<String> names = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList();
        if (names.stream().anyMatch(n -> n.startsWith("G1"))) {
            return "G1";
        }
        if (names.contains("Copy") || names.contains("MarkSweepCompact")) {
            return "Serial";
        }
        if (names.contains("PS Scavenge") || names.contains("PS MarkSweep")) {
            return "Parallel";
        }
        if (names.stream().anyMatch(n -> n.startsWith("ZGC"))) {
            return "ZGC";
        }
        if (names.stream().anyMatch(n -> n.startsWith("Shenandoah"))) {
            return "Shenandoah";
        }
        return String.join("+", names);
    }

    private static List<GarbageCollectorMXBean> pausing() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> !gc.getName().contains("Concurrent") && !gc.getName().contains("Cycles"))
                .toList();
    }
}
