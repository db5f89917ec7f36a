package dev.tandem.bench;

import dev.tandem.bench.cli.Args;
import dev.tandem.bench.cli.LoadArgs;
import dev.tandem.bench.compare.CompareOptions;
import dev.tandem.bench.compare.CompareReport;
import dev.tandem.bench.compare.CompareResult;
import dev.tandem.bench.compare.RateSearch;
import dev.tandem.bench.compare.SideBySide;
import dev.tandem.bench.compare.Target;
import dev.tandem.bench.history.HistoryBench;
import dev.tandem.bench.history.HistoryBenchOptions;
import dev.tandem.bench.history.HistoryBenchResult;
import dev.tandem.bench.history.HistoryReport;
import dev.tandem.bench.load.LoadGenerator;
import dev.tandem.bench.load.LoadOptions;
import dev.tandem.bench.load.LoadResult;
import dev.tandem.bench.load.Reports;
import dev.tandem.bench.relay.cometd.CometdRelayServer;
import dev.tandem.bench.relay.raw.RawRelayServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@code java -jar tandem-bench.jar <command> [options]}: {@code load}, {@code compare},
 * {@code serve-cometd}, {@code serve-raw}, {@code jmh}. The one place that blocks: the command line waits
 * for the reactive run it started. See benchmarks/README.md for every option.
 */
public final class Main {
    private static final String USAGE = """
            usage: java -jar tandem-bench.jar <command> [options]

            commands:
              load          run a load against a running server (Tandem, the CometD relay or the raw relay)
              compare       the same load against Tandem, a CometD 9 relay and a raw Netty relay, one JVM each
              serve-cometd  run the CometD 9 / Jetty 12 relay   (--host 127.0.0.1 --port 8701 --stream-channel C)
              serve-raw     run the raw Reactor Netty relay      (--host 127.0.0.1 --port 8800)
              history       page-visit writes through the Cassandra history store, embedded node, increasing rates
              jmh           run the JMH microbenchmarks (JMH's own options follow, e.g. -h, -l, BayeuxJson)
              histogram-diff  what changed between two kept class histograms (--before F --after F [--per N] [--top 25])

            load options (default):
              --target URL            http://127.0.0.1:8700/cobrowse/cometd (raw: ws://127.0.0.1:8800/relay)
              --protocol P            bayeux | raw (bayeux)
              --transport T           websocket | long-polling | mixed (websocket)
              --ws-share F            share of peers on WebSocket when mixed (0.5)
              --sessions N            co-browse sessions (100)
              --agents N              agents per session (1)
              --controller            also join a controller per session
              --rate R                stream messages per second per master (5)
              --payload-bytes B       filler bytes per stream message (1024)
              --stream-channel C      the page stream's channel (/service/session/stream)
              --snapshot-every N      a snapshot batch (new baseline, as a page load) every N batches; 0 = first only (100)
              --concurrency N         connects/set-ups in flight (64)
              --ramp D                spread session set-ups over D; 0 = as fast as possible (10s)
              --warmup D              unmeasured streaming before the steady phase (5s)
              --duration D            measured steady phase (30s)
              --max-duration D        hard limit of the run (10m)
              --progress D            progress line interval (5s); --quiet for none
              --request-timeout D     wait for a /service reply (30s)
              --server-pid PID        server pid: /proc CPU+RSS, jstat heap, jcmd live heap
              --metrics-url URL|auto|none  Prometheus endpoint (auto: <target host>/cobrowse/metrics)
              --no-heap-probe         do not force GCs in the server to measure live heap
              --io-threads N          generator event loops (cores)
              --bind-addresses LIST   local addresses to connect from, e.g. 127.0.0.2,127.0.0.3 (past ~28k connections)
              --max-frame B           largest inbound WebSocket message (4MB)
              --compress              offer permessage-deflate
              --allow-remote          allow a non-loopback target
              --label NAME            name in reports
              --out DIR               result.json + summary.md (bench-results/<time>-<label>)

            compare options: the load options (not --target/--protocol/--rate/--server-pid; --ramp defaults to 0) plus
              --targets LIST          tandem,cometd,raw
              --rates LIST            per-master rates run on every target: p99 at equal load, memory, set-up (5,20)
              --p99-target-ms MS      bound for "throughput at equal p99" (50)
              --no-search             only the fixed rates; else search each target's highest sustained rate:
              --search-factor F         step up (or down) by F until a level fails (2)
              --search-precision P      then bisect until failed/sustained <= P (1.25)
              --search-max-levels N     search levels per target at most (8)
              --search-max-rate R       highest rate per master tried (2000)
              --search-duration D       steady phase of a search level (--duration)
              --search-retries N        try a failed level again N times when the generator was behind (1)
              --server-jvm-opts "…"   the same flags for every server JVM (-Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch -XX:MaxTenuringThreshold=2)
              --server-cpus LIST      pin every server JVM to these CPUs (taskset -c), e.g. 1; for throughput run the
                                      generator itself with `taskset -c 0 java -jar …` so that the two do not
                                      compete; for latency at thousands of connections leave it on both CPUs (a
                                      JVM on one CPU runs the Serial collector, whose pauses it would time)
              --tandem-jar PATH       server/target/tandem-server.jar (also looked up next to this jar's source tree)
              --start-timeout D       wait for a server to accept connections (60s)
              --prime-rounds N        unmeasured runs before a target's levels, so that set-up is timed on
                                      compiled code: one of up to 200 sessions, the rest of --sessions (3)

            history options (page-visit writes through CassandraHistoryStore into an embedded Cassandra node):
              --rates LIST            offered writes/s, one step each, increasing (250,500,1000,2000,4000,8000,16000)
              --warmup D              unmeasured writes at the first rate (15s)
              --step D                measured time of each step (20s)
              --drain-timeout D       wait for a step's writes to be acknowledged (30s)
              --pages-per-session N   page visits per session (10)
              --url-bytes B           URL length (80)
              --queue-capacity N      the store's backlog (10000)
              --max-in-flight N       the store's concurrent writes (64)
              --cassandra-heap SIZE   the node's heap (1G)
              --data-dir DIR          the node's data (a temporary directory, deleted after)
              --p99-target-ms MS      also report the highest sustained step with write p99 <= MS (50)
              --progress D / --quiet  progress line interval (5s) / none
              --out DIR               history.json + history.md (bench-results/<time>-history)
            """;

    /**
     * Progress lines come from event loops; they are printed by one plain daemon thread, in order, so that
     * no event loop ever waits on the terminal.
     */
    private static final ExecutorService PRINTER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-console");
        t.setDaemon(true);
        return t;
    });
    private static final Consumer<String> CONSOLE = line -> PRINTER.execute(() -> System.out.println(line));

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        // As Tandem's server does (its Main): no leak-detection stack traces in the generator or the raw relay,
        // unless a level was given, so that the raw relay is measured with the same Netty settings as Tandem.
        if (System.getProperty("io.netty.leakDetection.level") == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        // And one event loop per CPU for the raw relay, as Tandem's server runs (the generator has its own loops,
        // --io-threads), so that the ceiling is measured with the same loops as Tandem.
        if (System.getProperty("reactor.netty.ioWorkerCount") == null) {
            System.setProperty("reactor.netty.ioWorkerCount", Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help") || argv[0].equals("-h")) {
            System.out.print(USAGE);
            return;
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        try {
            switch (argv[0]) {
                case "load" -> load(rest);
                case "compare" -> compare(rest);
                case "serve-cometd" -> serveCometd(rest);
                case "serve-raw" -> serveRaw(rest);
                case "history" -> history(rest);
                case "jmh" -> org.openjdk.jmh.Main.main(rest.toArray(String[]::new));
                case "histogram-diff" -> histogramDiff(rest);
                default -> throw new BenchException("Unknown command '" + argv[0] + "'; run with --help");
            }
        } catch (BenchException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void load(List<String> argv) {
        Args args = Args.parse(argv, Args.flags(LoadArgs.FLAGS));
        if (args.flag("help")) {
            System.out.print(USAGE);
            return;
        }
        LoadOptions options = LoadArgs.read(args, null).build();
        args.requireAllUsed();
        LoadResult result = LoadGenerator.run(options, CONSOLE).block();
        flushConsole();
        String markdown = Reports.markdown(result);
        Reports.write(options.outputDir(), "result", result, markdown);
        System.out.println();
        System.out.print(markdown);
        System.out.println("Written: " + options.outputDir().resolve("result.json") + " and summary "
                + options.outputDir().resolve("result.md"));
    }

    private static void compare(List<String> argv) {
        Args args = Args.parse(argv, Args.flags(LoadArgs.FLAGS));
        if (args.flag("help")) {
            System.out.print(USAGE);
            return;
        }
        List<Target> targets = new ArrayList<>();
        for (String t : args.list("targets", List.of("tandem", "cometd", "raw"))) {
            targets.add(Target.parse(t));
        }
        List<Double> rates = new ArrayList<>();
        for (String r : args.list("rates", List.of("5", "20"))) {
            try {
                rates.add(Double.parseDouble(r));
            } catch (NumberFormatException e) {
                throw new BenchException("--rates lists numbers such as 5,20,50; got '" + r + "'");
            }
        }
        String jvm = args.string("server-jvm-opts", String.join(" ", CompareOptions.DEFAULT_JVM_OPTIONS));
        Path tandemJar = Target.locateTandemJar(Path.of(args.string("tandem-jar", "server/target/tandem-server.jar")));
        double p99 = args.decimal("p99-target-ms", 50);
        Duration startTimeout = args.duration("start-timeout", Duration.ofSeconds(60));
        RateSearch d = RateSearch.DEFAULT;
        RateSearch search = new RateSearch(!args.flag("no-search"), args.decimal("search-factor", d.factor()),
                args.decimal("search-precision", d.precision()), args.integer("search-max-levels", d.maxLevels()),
                args.decimal("search-max-rate", d.maxRate()), d.minRate(), args.integer("search-retries", d.retries()));
        String searchDuration = args.string("search-duration", null);
        String serverCpus = args.string("server-cpus", null);
        boolean rampGiven = args.has("ramp");
        LoadOptions.Builder loadBuilder = LoadArgs.read(args, "compare");
        if (!rampGiven) {
            loadBuilder.ramp(Duration.ZERO); // set-up as fast as --concurrency allows: the set-up rate is compared
        }
        LoadOptions load = loadBuilder.build();
        args.requireAllUsed();
        CompareOptions options = new CompareOptions(load, targets, rates, search,
                searchDuration == null ? load.duration() : Args.parseDuration("search-duration", searchDuration),
                jvm.isBlank() ? List.of() : List.of(jvm.trim().split("\\s+")), tandemJar, p99, serverCpus,
                startTimeout, args.integer("prime-rounds", CompareOptions.DEFAULT_PRIME_ROUNDS), load.outputDir());
        CompareResult result = SideBySide.run(options, CONSOLE).block();
        flushConsole();
        String markdown = CompareReport.markdown(result, options);
        Reports.write(options.outputDir(), "compare", result, markdown);
        System.out.println();
        System.out.print(markdown);
        System.out.println("Written: " + options.outputDir().resolve("compare.json") + ", compare.md, runs/, logs/");
    }

    private static void history(List<String> argv) {
        Args args = Args.parse(argv, Args.flags("quiet", "help"));
        if (args.flag("help")) {
            System.out.print(USAGE);
            return;
        }
        HistoryBenchOptions d = HistoryBenchOptions.DEFAULT;
        List<Double> rates = new ArrayList<>();
        for (String r : args.list("rates", d.rates().stream().map(v -> Long.toString(Math.round(v))).toList())) {
            try {
                rates.add(Double.parseDouble(r));
            } catch (NumberFormatException e) {
                throw new BenchException("--rates lists numbers such as 500,1000,2000; got '" + r + "'");
            }
        }
        String dataDir = args.string("data-dir", null);
        Path out = Path.of(args.string("out", LoadArgs.defaultOutput("history")));
        HistoryBenchOptions options = d.toBuilder()
                .rates(rates)
                .warmup(args.duration("warmup", d.warmup()))
                .step(args.duration("step", d.step()))
                .drainTimeout(args.duration("drain-timeout", d.drainTimeout()))
                .pagesPerSession(args.integer("pages-per-session", d.pagesPerSession()))
                .urlBytes(args.size("url-bytes", d.urlBytes()))
                .queueCapacity(args.integer("queue-capacity", d.queueCapacity()))
                .maxInFlight(args.integer("max-in-flight", d.maxInFlight()))
                .cassandraHeap(args.string("cassandra-heap", d.cassandraHeap()))
                .dataDir(dataDir == null ? null : Path.of(dataDir).toAbsolutePath())
                .p99BoundMs(args.decimal("p99-target-ms", d.p99BoundMs()))
                .progress(args.flag("quiet") ? Duration.ZERO : args.duration("progress", d.progress()))
                .outputDir(out)
                .build();
        args.requireAllUsed();
        HistoryBenchResult result = HistoryBench.run(options, CONSOLE).block();
        flushConsole();
        String markdown = HistoryReport.markdown(result);
        Reports.write(out, "history", result, markdown);
        System.out.println();
        System.out.print(markdown);
        System.out.println("Written: " + out.resolve("history.json") + " and " + out.resolve("history.md"));
    }

    /**
     * {@code histogram-diff --before F --after F [--per N] [--top K]}: the classes whose live instances changed
     * between two histograms a load run kept ({@code histograms/<label>-baseline|idle|active.txt}), per
     * connection or session when {@code --per} gives their number.
     */
    private static void histogramDiff(List<String> argv) {
        Args args = Args.parse(argv, Args.flags());
        String before = args.string("before", null);
        String after = args.string("after", null);
        long per = args.longValue("per", 0);
        int top = args.integer("top", 25);
        args.requireAllUsed();
        if (before == null || after == null) {
            throw new BenchException("histogram-diff needs --before FILE and --after FILE (histograms a load run kept"
                    + " under <out>/histograms/)");
        }
        System.out.print(dev.tandem.bench.heap.HistogramDiff.run(Path.of(before), Path.of(after), per, top));
    }

    /** Waits until every progress line queued so far is printed (the summary follows them). */
    private static void flushConsole() {
        try {
            PRINTER.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // printing failed: nothing to wait for
        }
    }

    private static void serveCometd(List<String> argv) throws InterruptedException {
        Args args = Args.parse(argv, Args.flags());
        String host = args.string("host", "127.0.0.1");
        int port = args.integer("port", 8701);
        String streamChannel = args.string("stream-channel", "/service/session/stream");
        args.requireAllUsed();
        CometdRelayServer server = CometdRelayServer.start(host, port, streamChannel);
        System.out.println("CometD relay on http://" + host + ":" + server.port() + "/cobrowse/cometd"
                + " (pid " + ProcessHandle.current().pid() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "cometd-relay-stop"));
        server.join();
    }

    private static void serveRaw(List<String> argv) {
        Args args = Args.parse(argv, Args.flags());
        String host = args.string("host", "127.0.0.1");
        int port = args.integer("port", 8800);
        args.requireAllUsed();
        RawRelayServer server = RawRelayServer.start(host, port).block();
        System.out.println("Raw relay on ws://" + host + ":" + server.port() + RawRelayServer.PATH
                + "/{room}?role=master|agent (pid " + ProcessHandle.current().pid() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "raw-relay-stop"));
        server.onDispose().block();
    }
}
