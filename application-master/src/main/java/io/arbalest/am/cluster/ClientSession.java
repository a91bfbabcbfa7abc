package io.arbalest.am.cluster;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a driver that serves one client (the YARN ApplicationMaster) knows of it: when it was
 * last heard from, whether it said it is done, and the error of its last job if that failed,
 * which becomes the application's diagnostic.
 */
public final class ClientSession {
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile long lastContactNanos = System.nanoTime();
    private volatile String lastFailure;

    void contact() {
        lastContactNanos = System.nanoTime();
    }

    void jobSucceeded() {
        lastFailure = null;
    }

    void jobFailed(String error) {
        lastFailure = error;
    }

    /** The client said it is done; also what the ResourceManager's shutdown request amounts to. */
    public void finish() {
        finished.countDown();
    }

    /** Waits up to {@code timeoutMs} for {@link #finish}; true when it came. */
    public boolean awaitFinish(long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    public long millisSinceContact() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastContactNanos);
    }

    /** The error of the client's last job, when it failed. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }
}
