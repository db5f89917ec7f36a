package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import org.junit.jupiter.api.Test;

/** The server's logback.xml: an event loop that logs hands the line to the appender's thread and never waits. */
class LoggingTest {

    @Test
    void should_write_lines_from_the_appenders_own_thread_and_drop_rather_than_block_when_full() throws JoranException {
        // The tests' own classpath holds a logback-test.xml: the server's file is read into a context of its own.
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Main.class.getResource("/logback.xml"));
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<?> appender = root.getAppender("ASYNC");
        assertThat(appender).isInstanceOf(AsyncAppender.class);
        AsyncAppender async = (AsyncAppender) appender;
        assertThat(async.isStarted()).isTrue();
        assertThat(async.isNeverBlock()).isTrue();
        assertThat(async.getQueueSize()).isEqualTo(8192);
        assertThat(async.getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
        assertThat(root.iteratorForAppenders()).toIterable().containsExactly(async);
        assertThat(context.getLogger("dev.tandem").getEffectiveLevel().levelStr).isEqualTo("INFO");
        context.stop();
        assertThat(async.isStarted()).as("stopping the context writes out and stops the appender").isFalse();
    }
}
