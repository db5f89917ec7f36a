package dev.tandem.bayeux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** BlockHound is installed in every test JVM of this module (blockhound-junit-platform) and sees event loops. */
class BlockHoundTest {

    @Test
    void should_report_blocking_calls_when_made_on_a_parallel_scheduler() {
        assertThatThrownBy(() -> Mono.fromCallable(() -> {
            Thread.sleep(1);
            return 1;
        }).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(5)))
                .hasCauseInstanceOf(BlockingOperationError.class);
    }

    @Test
    void should_report_blocking_calls_when_made_on_a_reactor_netty_event_loop() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).route(r -> r.get("/block", (req, res) -> {
            try {
                Thread.sleep(1);
                seen.complete(null);
            } catch (Throwable e) {
                seen.complete(e);
            }
            return res.sendString(Mono.just("ok")).then();
        })).bindNow();
        try {
            HttpClient.create().get().uri("http://127.0.0.1:" + server.port() + "/block").responseContent().aggregate()
                    .asString().block(Duration.ofSeconds(5));
            assertThat(seen.get(5, TimeUnit.SECONDS)).isInstanceOf(BlockingOperationError.class);
        } finally {
            server.disposeNow();
        }
    }
}
