package dev.tandem.bench.load;

import dev.tandem.bench.BenchException;
import dev.tandem.bench.load.internal.LoadRun;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * Runs one load against a running server: N co-browse sessions (master, agents, optional controller)
 * through the real protocol, a page stream at a fixed rate, HdrHistogram latencies. Non-blocking: a few
 * event loops drive every connection.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    /** Runs the load; progress lines (every {@link LoadOptions#progress()}) go to {@code log}. */
    public static Mono<LoadResult> run(LoadOptions options, Consumer<String> log) {
        return checkTarget(options).then(Mono.defer(() -> new LoadRun(options, log).execute()));
    }

    /** Refuses a target that is not on this machine unless {@link LoadOptions#allowRemote()}. */
    public static Mono<Void> checkTarget(LoadOptions options) {
        if (options.allowRemote()) {
            return Mono.empty();
        }
        String host = options.target().getHost();
        if (host == null) {
            return Mono.error(new BenchException("The target " + options.target() + " names no host"));
        }
        return Mono.fromCallable(() -> {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new BenchException("Cannot resolve the target host '" + host + "'", e);
            }
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    throw new BenchException("The target " + options.target() + " is not a loopback address ("
                            + address.getHostAddress() + "); load tests here only go to 127.0.0.1/::1."
                            + " Pass --allow-remote to load a server elsewhere that you own.");
                }
            }
            return true;
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
