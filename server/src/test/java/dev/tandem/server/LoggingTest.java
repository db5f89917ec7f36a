package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.tandem.server.internal.PollingAsyncAppender;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's logback.xml: an event loop that logs hands the line to the appender's thread and never waits. */
class LoggingTest {
    private final LoggerContext context = new LoggerContext();

    LoggingTest() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what Logback's SLF4J provider gives its own context
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void should_configure_the_polling_appender_in_front_of_the_console() throws JoranException {
        // The tests' own classpath holds a logback-test.xml: the server's file is read into a context of its own.
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Main.class.getResource("/logback.xml"));
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<?> appender = root.getAppender("ASYNC");
        assertThat(appender).isInstanceOf(PollingAsyncAppender.class);
        PollingAsyncAppender async = (PollingAsyncAppender) appender;
        assertThat(async.isStarted()).isTrue();
        assertThat(async.getQueueSize()).isEqualTo(8192);
        assertThat(async.getDiscardingThreshold()).isEqualTo(8192 / 5);
        assertThat(async.getPollMillis()).isEqualTo(20);
        assertThat(async.getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
        assertThat(root.iteratorForAppenders()).toIterable().containsExactly(async);
        assertThat(context.getLogger("dev.tandem").getEffectiveLevel().levelStr).isEqualTo("INFO");
        context.stop();
        assertThat(async.isStarted()).as("stopping the context writes out and stops the appender").isFalse();
    }

    @Test
    void should_write_every_line_in_order_from_its_own_thread_and_write_out_the_queue_when_stopped() {
        Recorder recorder = new Recorder(null);
        PollingAsyncAppender async = appender(recorder, 8192, 60_000); // polls once a minute: stop() must drain
        Logger log = logger(async);
        for (int i = 0; i < 500; i++) {
            log.info("line {}", i);
        }
        async.stop();
        assertThat(recorder.lines).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(recorder.lines.get(i).getFormattedMessage()).isEqualTo("line " + i);
        }
        assertThat(recorder.threads).containsOnly("log-writer-ASYNC");
        assertThat(recorder.isStarted()).as("the appenders it writes to are stopped with it").isFalse();
    }

    @Test
    void should_wake_its_writer_for_a_warning_without_waiting_for_the_next_poll() throws InterruptedException {
        Recorder recorder = new Recorder(null);
        PollingAsyncAppender async = appender(recorder, 8192, 600_000);
        logger(async).warn("the disk is full");
        waitFor(() -> recorder.lines.size() == 1, "the WARN line written before the next poll, 10 minutes away");
        assertThat(recorder.lines.get(0).getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void should_drop_rather_than_wait_when_its_writer_is_stalled_and_say_how_many() throws InterruptedException {
        CountDownLatch stalled = new CountDownLatch(1);
        Recorder recorder = new Recorder(stalled);
        PollingAsyncAppender async = appender(recorder, 10, 1);
        Logger log = logger(async);
        log.info("first");
        waitFor(() -> recorder.entered.getCount() == 0, "the writer stalled in the console on the first line");
        for (int i = 0; i < 100; i++) {
            // returns at once: the queue takes INFO lines while 2 of its 10 places are left, so 9 of them
            log.info("more {}", i);
        }
        log.error("an error still finds a place");
        assertThat(async.droppedCount()).isEqualTo(100 - 9);
        assertThat(async.queued()).isEqualTo(10);
        stalled.countDown();
        waitFor(() -> recorder.lines.size() == 12, "the queued lines and the report of the dropped ones written");
        assertThat(recorder.lines.get(1).getFormattedMessage()).isEqualTo("more 0");
        assertThat(recorder.lines.get(10).getLevel()).isEqualTo(Level.ERROR);
        ILoggingEvent report = recorder.lines.get(11);
        assertThat(report.getLevel()).isEqualTo(Level.WARN);
        assertThat(report.getFormattedMessage()).startsWith("91 log lines were dropped: the queue of 10 was full");
    }

    private PollingAsyncAppender appender(Recorder recorder, int queueSize, long pollMillis) {
        recorder.setContext(context);
        recorder.setName("RECORDER");
        recorder.start();
        PollingAsyncAppender async = new PollingAsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setQueueSize(queueSize);
        async.setPollMillis(pollMillis);
        async.addAppender(recorder);
        async.start();
        assertThat(async.isStarted()).as(String.valueOf(context.getStatusManager().getCopyOfStatusList())).isTrue();
        return async;
    }

    private Logger logger(PollingAsyncAppender async) {
        Logger log = context.getLogger("dev.tandem.test");
        log.setAdditive(false);
        log.setLevel(Level.INFO);
        log.addAppender(async);
        return log;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s for: " + what).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    /** Keeps what it is given and the thread that gave it; with a latch, holds its first line until it opens. */
    private static final class Recorder extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> lines = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch gate;

        Recorder(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        protected void append(ILoggingEvent e) {
            entered.countDown();
            if (gate != null) {
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            threads.add(Thread.currentThread().getName());
            lines.add(e);
        }
    }
}
