package dev.tandem.bench.load.internal;

import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** A session on the raw relay: the master's and agents' sockets share a room named in their URL. */
final class RawSession extends SessionDriver {
    private final RawPeer master;
    private final List<RawPeer> agents = new ArrayList<>();

    /** {@code peerFactory} builds a peer for (role, listener); the role goes into the URL. */
    RawSession(int index, Metrics metrics, double rate, int snapshotEvery, int agentCount,
               BiFunction<String, Peer.Listener, RawPeer> peerFactory) {
        super(index, metrics, rate, snapshotEvery);
        this.master = peerFactory.apply("master", otherListener());
        for (int i = 0; i < agentCount; i++) {
            agents.add(peerFactory.apply("agent", agentListener()));
        }
    }

    @Override
    Peer master() {
        return master;
    }

    @Override
    List<Peer> peers() {
        List<Peer> all = new ArrayList<>(agents.size() + 1);
        all.add(master);
        all.addAll(agents);
        return all;
    }

    @Override
    Mono<Void> setUp() {
        return Mono.fromRunnable(metrics.sessionsUp::increment);
    }
}
