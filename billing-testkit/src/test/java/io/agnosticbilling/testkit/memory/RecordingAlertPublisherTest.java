package io.agnosticbilling.testkit.memory;

import static io.agnosticbilling.testkit.builder.Builders.aUsageAlert;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.usage.UsageAlert;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecordingAlertPublisherTest {
  private final RecordingAlertPublisher publisher = new RecordingAlertPublisher();

  @Test
  @DisplayName("published alerts are kept in order and cleared on demand")
  void recordsInOrder() {
    UsageAlert fifty = aUsageAlert().threshold(50).build();
    UsageAlert eighty = aUsageAlert().threshold(80).build();

    publisher.publish(fifty);
    publisher.publish(eighty);

    assertThat(publisher.published()).containsExactly(fifty, eighty);
    publisher.clear();
    assertThat(publisher.published()).isEmpty();
  }

  @Test
  @DisplayName("16 threads publishing at once lose no alert")
  void concurrentPublishing() throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    try {
      for (int i = 1; i <= 16; i++) {
        UsageAlert alert = aUsageAlert().threshold(i).build();
        pool.submit(
            () -> {
              start.await();
              publisher.publish(alert);
              return null;
            });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }

    assertThat(publisher.published())
        .extracting(UsageAlert::threshold)
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
  }
}
