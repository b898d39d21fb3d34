package io.medallion.lakehouse.concurrent;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** What Medallion's own thread pools (landing files, generating data) share: their threads, and waiting for a task. */
public final class Tasks {
    private Tasks() {}

    /**
     * Threads named {@code <prefix>-<n>} that do not keep the JVM alive: a task stuck on a dead
     * connection must not outlive the run that failed.
     */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The task's result. Its failure is rethrown as it was, since the tasks' own exceptions already
     * say what failed; an interrupted wait becomes an {@link IllegalStateException} saying what was
     * being done ({@code doing}, e.g. "landing files into raw").
     */
    public static <T> T await(Future<T> task, String doing) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            throw interrupted(doing, e);
        } catch (ExecutionException e) {
            throw failed(doing, e);
        }
    }

    /**
     * As {@link #await}, but waits at most {@code limit}: empty when the task has not finished by
     * then (the task is left running; cancel it if it must stop).
     */
    public static <T> Optional<T> awaitAtMost(Future<T> task, Duration limit, String doing) {
        try {
            return Optional.of(task.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            throw interrupted(doing, e);
        } catch (ExecutionException e) {
            throw failed(doing, e);
        }
    }

    private static IllegalStateException interrupted(String doing, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("Interrupted while " + doing, e);
    }

    private static RuntimeException failed(String doing, ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
            return failure;
        }
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("Failed while " + doing, e.getCause());
    }
}
