package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.bayeux.support.NodeRunner;
import dev.tandem.server.support.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The browser end-to-end suite of client-js ({@code npm run e2e}: Debian's Chromium driven by
 * playwright-core, a customer page and an agent console) against the packaged server, as a user runs it.
 */
class BrowserE2EIT {
    private static final Path CLIENT_JS = Path.of("..", "client-js").toAbsolutePath().normalize();
    private static final Duration SUITE_DEADLINE = Duration.ofMinutes(8);

    @Test
    void should_pass_the_browser_end_to_end_suite_against_the_packaged_server() throws Exception {
        NodeRunner.install(CLIENT_JS);
        // The hover test's cross-origin stylesheet is served by this server, on loopback.
        try (ServerProcess server = ServerProcess.start(Duration.ofSeconds(60),
                Map.of("TANDEM_CSS_PROXY_ALLOW_PRIVATE_ADDRESSES", "true"), List.of(), "--history", "memory")) {
            Path tap = Files.createTempFile("browser-e2e", ".tap");
            try {
                ProcessBuilder builder = new ProcessBuilder("npm", "run", "e2e").directory(CLIENT_JS.toFile())
                        .redirectErrorStream(true).redirectOutput(tap.toFile());
                builder.environment().put("TANDEM_URL", server.baseUrl());
                Process npm = builder.start();
                boolean finished = npm.waitFor(SUITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    npm.descendants().forEach(ProcessHandle::destroyForcibly);
                    npm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                String output = Files.readString(tap, StandardCharsets.UTF_8);
                output.lines().filter(l -> l.startsWith("# ")).forEach(System.out::println);

                assertThat(finished).as("npm run e2e did not end within %s:%n%s", SUITE_DEADLINE, output).isTrue();
                assertThat(npm.exitValue()).as("npm run e2e failed:%n%s", output).isZero();
                assertThat(output).as(output).contains("# fail 0", "# cancelled 0", "# skipped 0", "# todo 0")
                        .containsPattern("(?m)^# pass [1-9]");
                assertThat(server.output()).as("an honest customer's page updates were refused")
                        .noneMatch(line -> line.contains("Refused page-stream batch"));
            } finally {
                Files.deleteIfExists(tap);
            }
        }
    }
}
