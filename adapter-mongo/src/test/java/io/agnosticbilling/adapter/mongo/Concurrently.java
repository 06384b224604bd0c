package io.agnosticbilling.adapter.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs tasks on their own threads released together by one start gate; returns their results. */
final class Concurrently {
  private Concurrently() {}

  static <T> List<T> run(int tasks, IntFunction<Callable<T>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    CountDownLatch ready = new CountDownLatch(tasks);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        Callable<T> work = task.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  start.await();
                  return work.call();
                }));
      }
      ready.await(10, TimeUnit.SECONDS);
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
