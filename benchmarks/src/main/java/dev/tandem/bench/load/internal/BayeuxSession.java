package dev.tandem.bench.load.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bench.BenchException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A session through the seed's Realtime API: the master calls {@code /service/session/create}, then
 * everyone calls {@code /service/session/join} with its role (1 master, 2 slave, 3 controller); the
 * master then streams on {@code /service/session/stream} with its {@code userToken}.
 */
final class BayeuxSession extends SessionDriver {
    static final int MASTER = 1;
    static final int SLAVE = 2;
    static final int CONTROLLER = 3;

    private final BayeuxPeer master;
    private final List<BayeuxPeer> agents = new ArrayList<>();
    private final BayeuxPeer controller;
    private volatile String sessionToken;

    /** {@code peerFactory} builds a peer with the given listener on the next transport of the mix. */
    BayeuxSession(int index, Metrics metrics, double rate, int snapshotEvery, int agentCount, boolean withController,
                  Function<Peer.Listener, BayeuxPeer> peerFactory) {
        super(index, metrics, rate, snapshotEvery);
        this.master = peerFactory.apply(masterListener());
        for (int i = 0; i < agentCount; i++) {
            agents.add(peerFactory.apply(agentListener()));
        }
        this.controller = withController ? peerFactory.apply(otherListener()) : null;
        master.onRehandshake(() -> rejoin(master, MASTER, "customer-" + index));
        for (int i = 0; i < agents.size(); i++) {
            BayeuxPeer agent = agents.get(i);
            String name = "agent-" + index + "-" + i;
            agent.onRehandshake(() -> rejoin(agent, SLAVE, name));
        }
        if (controller != null) {
            controller.onRehandshake(() -> rejoin(controller, CONTROLLER, null));
        }
    }

    @Override
    Peer master() {
        return master;
    }

    @Override
    List<Peer> peers() {
        List<Peer> all = new ArrayList<>(agents.size() + 2);
        all.add(master);
        all.addAll(agents);
        if (controller != null) {
            all.add(controller);
        }
        return all;
    }

    @Override
    Mono<Void> setUp() {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return master.call(Wire.CREATE, Wire.MAPPER.createObjectNode())
                    .map(data -> {
                        String token = data.path("sessionToken").asText(null);
                        if (token == null) {
                            throw new BenchException("/service/session/create replied without sessionToken: " + data);
                        }
                        sessionToken = token;
                        return token;
                    })
                    .then(Mono.defer(() -> join(master, MASTER, "customer-" + index)))
                    .thenMany(Flux.range(0, agents.size())
                            .flatMap(i -> join(agents.get(i), SLAVE, "agent-" + index + "-" + i)))
                    .then(Mono.defer(() -> controller == null ? Mono.empty() : join(controller, CONTROLLER, null)))
                    .doOnSuccess(v -> {
                        metrics.recordSetup(System.nanoTime() - start);
                        metrics.sessionsUp.increment();
                    });
        });
    }

    private Mono<Void> join(BayeuxPeer peer, int role, String name) {
        ObjectNode data = Wire.MAPPER.createObjectNode();
        data.put("sessionToken", sessionToken);
        data.put("role", role);
        if (name != null) {
            data.put("name", name);
        }
        return peer.call(Wire.JOIN, data).flatMap(reply -> {
            String userToken = reply.path("userToken").asText(null);
            if (userToken == null) {
                return Mono.error(new BenchException("/service/session/join replied without userToken: " + reply));
            }
            peer.userToken(userToken);
            return Mono.<Void>empty();
        });
    }

    /** The master leaves with {@code /service/session/exit}, so the server ends the session now, not at a timeout. */
    @Override
    Mono<Void> end() {
        return Mono.defer(() -> {
            String userToken = master.userToken();
            if (userToken == null) {
                return Mono.empty();
            }
            ObjectNode data = Wire.MAPPER.createObjectNode();
            data.put("userToken", userToken);
            return master.call(Wire.EXIT, data).then();
        }).timeout(Duration.ofSeconds(10)).onErrorResume(e -> {
            metrics.error("exit", String.valueOf(e.getMessage()));
            return Mono.empty();
        });
    }

    private void rejoin(BayeuxPeer peer, int role, String name) {
        if (sessionToken != null) {
            join(peer, role, name).subscribe(null, e -> metrics.error("rejoin", e.getMessage()));
        }
    }
}
