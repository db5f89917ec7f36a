package dev.tandem.server.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands log lines to a writer thread of its own, which looks at its queue every {@code pollMillis} instead of
 * waiting on it: a thread that logs (an event loop) only puts the event in the queue and wakes no other thread for
 * an INFO line. Logback's {@code AsyncAppender} blocks its worker in {@code take()}, so each line cost the logging
 * thread an unpark and the CPU two context switches — on a one-CPU node setting up sessions (three INFO lines each),
 * about a tenth of its CPU (docs/benchmarks.md). WARN and ERROR lines still wake the writer, so they are written at
 * once.
 *
 * <p>Never blocks the caller, like {@code AsyncAppender} with {@code neverBlock}: when fewer than
 * {@code discardingThreshold} places are left (a fifth of the queue by default), INFO and below are dropped; when the
 * queue is full, anything is. The writer reports how many it dropped as a WARN line. Stopping writes out what is
 * queued, for at most {@code maxFlushTime} milliseconds.
 */
public final class PollingAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {
    private static final int BATCH = 1024;

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unreported = new AtomicLong();
    private int queueSize = 8192;
    private int discardingThreshold = -1;
    private long pollMillis = 20;
    private long maxFlushTime = 1000;
    private int appenderCount;
    private ArrayBlockingQueue<ILoggingEvent> queue;
    private volatile Thread writer;
    private volatile boolean stopping;

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public int getQueueSize() {
        return queueSize;
    }

    /** Places left below which INFO and below are dropped; -1 (the default) = a fifth of the queue. */
    public void setDiscardingThreshold(int discardingThreshold) {
        this.discardingThreshold = discardingThreshold;
    }

    public int getDiscardingThreshold() {
        return discardingThreshold;
    }

    /** How long the writer sleeps when it found nothing to write; an INFO line waits at most about this long. */
    public void setPollMillis(long pollMillis) {
        this.pollMillis = pollMillis;
    }

    public long getPollMillis() {
        return pollMillis;
    }

    public void setMaxFlushTime(long maxFlushTime) {
        this.maxFlushTime = maxFlushTime;
    }

    public long getMaxFlushTime() {
        return maxFlushTime;
    }

    /** Lines dropped since the start because the queue was (nearly) full. */
    public long droppedCount() {
        return dropped.get();
    }

    /** Lines waiting for the writer. */
    public int queued() {
        ArrayBlockingQueue<ILoggingEvent> q = queue;
        return q == null ? 0 : q.size();
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (appenderCount == 0) {
            addError("No appender to write to: add one with <appender-ref> to \"" + getName() + "\"");
            return;
        }
        if (queueSize < 1 || pollMillis < 1) {
            addError("queueSize and pollMillis must be at least 1 (were " + queueSize + ", " + pollMillis + ")");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        if (discardingThreshold < 0) {
            discardingThreshold = queueSize / 5;
        }
        stopping = false;
        Thread t = new Thread(this::run, "log-writer-" + getName());
        t.setDaemon(true);
        writer = t;
        super.start();
        t.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        boolean urgent = event.getLevel().isGreaterOrEqual(Level.WARN);
        if (!urgent && queue.remainingCapacity() < discardingThreshold) {
            drop();
            return;
        }
        event.prepareForDeferredProcessing();
        if (!queue.offer(event)) {
            drop();
            return;
        }
        if (urgent) {
            LockSupport.unpark(writer);
        }
    }

    private void drop() {
        dropped.incrementAndGet();
        unreported.incrementAndGet();
    }

    private void run() {
        List<ILoggingEvent> batch = new ArrayList<>(BATCH);
        long pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMillis);
        while (true) {
            boolean last = stopping; // read before the drain: what was queued before stop() is still written
            // Lines dropped so far were logged after those now queued: the report follows those.
            long droppedBefore = unreported.getAndSet(0);
            queue.drainTo(batch, BATCH);
            for (ILoggingEvent e : batch) {
                appenders.appendLoopOnAppenders(e);
            }
            reportDropped(droppedBefore);
            if (batch.isEmpty() && droppedBefore == 0) {
                if (last) {
                    return;
                }
                LockSupport.parkNanos(this, pollNanos);
            }
            batch.clear();
        }
    }

    private void reportDropped(long n) {
        if (n == 0) {
            return;
        }
        LoggerContext lc = (LoggerContext) getContext();
        LoggingEvent line = new LoggingEvent(PollingAsyncAppender.class.getName(),
                lc.getLogger(PollingAsyncAppender.class), Level.WARN,
                "{} log lines were dropped: the queue of {} was full (the console or what reads it is slower than"
                        + " the server writes)", null, new Object[] {n, queueSize});
        appenders.appendLoopOnAppenders(line);
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop(); // no new lines from here on
        stopping = true;
        Thread t = writer;
        LockSupport.unpark(t);
        try {
            t.join(maxFlushTime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            addWarn("The writer did not write out " + queue.size() + " queued lines within " + maxFlushTime + " ms");
        }
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenderCount++;
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
