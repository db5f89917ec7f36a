package dev.tandem.bench.load.internal;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the server under test. CPU and RSS come from {@code /proc/<pid>} when the pid is known, else
 * from the Prometheus endpoint ({@code process_cpu_usage × system_cpu_count},
 * {@code process_resident_memory_bytes}); heap in use from {@code jvm_memory_used_bytes{area="heap"}},
 * else from a {@code jstat -gc <pid> 1000} child that prints one line a second.
 *
 * <p>Live heap comes from {@code jcmd <pid> GC.class_histogram}: without {@code -all} the JVM first runs a
 * full, stop-the-world collection and then counts only reachable objects, so its {@code Total} line is the
 * sum of the sizes of every live object — live heap after GC, independent of how the collector sizes its
 * regions or generations. The same probe serves every server (Tandem, Jetty/CometD, the raw relay), which
 * is what makes their numbers comparable. RSS is read from {@code /proc} right after it.
 */
final class ServerProbe {
    private static final Pattern PROM_LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    /**
     * One sample; a negative value means unknown. {@code loadAverage}: the machine's, over the last minute;
     * {@code machineCpus}: its online CPUs (not this JVM's share when pinned with taskset).
     */
    record Sample(double cpuCores, long heapUsed, long rss, double loadAverage, int machineCpus) {
        static final Sample UNKNOWN = new Sample(-1, -1, -1, -1, -1);
    }

    /**
     * Live heap after a full GC and the resident set just after it; {@code rss} is -1 when unknown;
     * {@code histogram} is jcmd's full class histogram (what {@code histogram-diff} compares).
     */
    record HeapPoint(long liveBytes, long rss, String histogram) {
    }

    private final Io io;
    private final long pid;
    private final URI metrics;
    private final Path jcmd;
    private final Path jstat;
    private volatile Process jstatProcess;
    private volatile long jstatHeap = -1;
    private long lastTicks = -1;
    private long lastTicksAt;
    private volatile Sample latest = Sample.UNKNOWN;

    private ServerProbe(Io io, long pid, URI metrics) {
        this.io = io;
        this.pid = pid;
        this.metrics = metrics;
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        this.jcmd = bin.resolve("jcmd");
        this.jstat = bin.resolve("jstat");
    }

    /** Probes the metrics endpoint once; keeps it only if it answers with Prometheus text. */
    static Mono<ServerProbe> start(Io io, long pid, URI metricsUri) {
        Mono<URI> endpoint = metricsUri == null ? Mono.empty() : io.http(0).get().uri(metricsUri)
                .responseSingle((res, body) -> res.status().code() == 200 ? body.asString() : Mono.empty())
                .filter(text -> text.contains("jvm_") || text.contains("process_"))
                .map(text -> metricsUri)
                .timeout(Duration.ofSeconds(5))
                .onErrorResume(e -> Mono.empty());
        return endpoint.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .map(found -> new ServerProbe(io, pid, found.orElse(null)))
                .flatMap(probe -> probe.startJstat().thenReturn(probe));
    }

    String source() {
        StringBuilder sb = new StringBuilder();
        if (metrics != null) {
            sb.append("prometheus ").append(metrics);
        }
        if (pid > 0) {
            sb.append(sb.length() > 0 ? " + " : "").append("/proc/").append(pid);
            if (jstatProcess != null) {
                sb.append(" + jstat");
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    boolean canMeasureLiveHeap() {
        return pid > 0 && Files.isExecutable(jcmd);
    }

    Sample latest() {
        return latest;
    }

    Mono<Sample> sample() {
        Mono<Prometheus> prom = metrics == null ? Mono.just(Prometheus.NONE) : io.http(0).get().uri(metrics)
                .responseSingle((res, body) -> body.asString())
                .map(Prometheus::parse)
                .timeout(Duration.ofSeconds(2))
                .onErrorReturn(Prometheus.NONE);
        return prom.flatMap(p -> Mono.fromCallable(() -> combine(p)).subscribeOn(Schedulers.boundedElastic()))
                .doOnNext(s -> latest = s)
                .onErrorReturn(Sample.UNKNOWN);
    }

    private Sample combine(Prometheus p) {
        double cpu = p.cpuCores;
        long rss = p.rss;
        if (pid > 0) {
            double procCpu = procCpuCores();
            if (procCpu >= 0) {
                cpu = procCpu;
            }
            long procRss = procRss();
            if (procRss >= 0) {
                rss = procRss;
            }
        }
        long heap = p.heapUsed >= 0 ? p.heapUsed : jstatHeap;
        return new Sample(cpu, heap, rss, loadAverage(), machineCpus());
    }

    /** Online CPUs of the machine from /sys ("0-1,4" → 3), else what this JVM may use. */
    static int machineCpus() {
        try {
            return countCpus(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim());
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    static int countCpus(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return n;
    }

    /** The 1-minute load average of the machine (/proc/loadavg), or -1. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The server's CPU time so far (utime + stime, ns), or -1 when its pid is unknown or /proc unreadable. */
    Mono<Long> cpuTimeNanos() {
        if (pid <= 0) {
            return Mono.just(-1L);
        }
        return Mono.fromCallable(() -> {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / CLOCK_TICKS);
        }).subscribeOn(Schedulers.boundedElastic()).onErrorReturn(-1L);
    }

    private synchronized double procCpuCores() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            long now = System.nanoTime();
            double cores = -1;
            if (lastTicks >= 0 && now > lastTicksAt) {
                cores = (ticks - lastTicks) / (double) CLOCK_TICKS / ((now - lastTicksAt) / 1e9);
            }
            lastTicks = ticks;
            lastTicksAt = now;
            return cores;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private long procRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Live heap in bytes after a full GC (and RSS just after), or empty when it cannot be measured. */
    Mono<HeapPoint> liveHeap() {
        if (!canMeasureLiveHeap()) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String total = null;
            StringBuilder histogram = new StringBuilder(256 * 1024);
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    histogram.append(line).append('\n');
                    if (line.startsWith("Total")) {
                        total = line;
                    }
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            if (total == null) {
                return null;
            }
            return new HeapPoint(parseHistogramTotal(total), procRss(), histogram.toString());
        }).subscribeOn(Schedulers.boundedElastic()).onErrorResume(e -> Mono.empty());
    }

    /** {@code Total   <instances>   <bytes>} → bytes. */
    static long parseHistogramTotal(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[parts.length - 1]);
    }

    /** Starts jstat only when heap cannot come from Prometheus; it reads on one daemon thread. */
    private Mono<Void> startJstat() {
        if (metrics != null || pid <= 0 || !Files.isExecutable(jstat)) {
            return Mono.empty();
        }
        return Mono.fromRunnable(() -> {
            try {
                Process process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid), "1000")
                        .redirectErrorStream(true).start();
                jstatProcess = process;
                Thread reader = new Thread(() -> readJstat(process), "bench-jstat");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                jstatProcess = null;
            }
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private void readJstat(Process process) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            String line;
            while ((line = reader.readLine()) != null) {
                List<String> cols = List.of(line.trim().split("\\s+"));
                if (cols.contains("EU")) {
                    header = cols;
                } else if (header != null && cols.size() == header.size()) {
                    double kb = 0;
                    for (String name : List.of("S0U", "S1U", "EU", "OU")) {
                        int i = header.indexOf(name);
                        if (i >= 0) {
                            kb += Double.parseDouble(cols.get(i));
                        }
                    }
                    jstatHeap = Math.round(kb * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            jstatHeap = -1;
        }
    }

    void stop() {
        Process p = jstatProcess;
        if (p != null) {
            p.destroy();
        }
    }

    /** The few Micrometer/Prometheus values the probe reads. */
    record Prometheus(double cpuCores, long heapUsed, long rss) {
        static final Prometheus NONE = new Prometheus(-1, -1, -1);

        static Prometheus parse(String text) {
            double cpuUsage = -1;
            double cpuCount = -1;
            double heap = 0;
            boolean sawHeap = false;
            double rss = -1;
            for (String line : text.split("\n")) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                Matcher m = PROM_LINE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                String name = m.group(1);
                String labels = m.group(2) == null ? "" : m.group(2);
                double value;
                try {
                    value = Double.parseDouble(m.group(3));
                } catch (NumberFormatException e) {
                    continue;
                }
                switch (name) {
                    case "process_cpu_usage" -> cpuUsage = value;
                    case "system_cpu_count" -> cpuCount = value;
                    case "process_resident_memory_bytes", "process_memory_rss_bytes" -> rss = value; // the latter: Tandem
                    case "jvm_memory_used_bytes" -> {
                        if (labels.contains("area=\"heap\"")) {
                            heap += value;
                            sawHeap = true;
                        }
                    }
                    default -> { }
                }
            }
            double cores = cpuUsage < 0 ? -1 : cpuUsage * (cpuCount > 0 ? cpuCount : Runtime.getRuntime().availableProcessors());
            return new Prometheus(cores, sawHeap ? Math.round(heap) : -1, Math.round(rss));
        }
    }
}
