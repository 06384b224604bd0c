package io.agnosticbilling.testkit.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs the same operation on many threads released together by a start gate, so the store sees the
 * calls at the same moment rather than one after the other. Shared by the contract suites and every
 * adapter's concurrency tests.
 */
public final class Race {
  private static final long TIMEOUT_SECONDS = 60;

  private Race() {}

  /** What one thread got: a value or the exception it threw. */
  public record Outcome<T>(T value, Throwable failure) {
    public boolean succeeded() {
      return failure == null;
    }
  }

  /** Runs {@code task.apply(i)} for every {@code i} below {@code threads}; outcomes in order. */
  public static <T> List<Outcome<T>> run(int threads, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  start.await();
                  return task.apply(index);
                }));
      }
      if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the racing threads did not all start");
      }
      start.countDown();
      List<Outcome<T>> outcomes = new ArrayList<>();
      for (Future<T> future : futures) {
        outcomes.add(outcomeOf(future));
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while racing", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Values of the outcomes, failing the test if any thread threw. */
  public static <T> List<T> values(List<Outcome<T>> outcomes) {
    List<T> values = new ArrayList<>();
    for (Outcome<T> o : outcomes) {
      if (!o.succeeded()) {
        throw new AssertionError("a racing thread failed unexpectedly", o.failure());
      }
      values.add(o.value());
    }
    return values;
  }

  /** The values of {@code task.apply(i)} raced on every thread, failing if any thread threw. */
  public static <T> List<T> all(int threads, IntFunction<T> task) {
    return values(run(threads, task));
  }

  private static <T> Outcome<T> outcomeOf(Future<T> future) throws InterruptedException {
    try {
      return new Outcome<>(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), null);
    } catch (ExecutionException e) {
      return new Outcome<>(null, e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("a racing thread did not finish in time (deadlock?)", e);
    }
  }
}
