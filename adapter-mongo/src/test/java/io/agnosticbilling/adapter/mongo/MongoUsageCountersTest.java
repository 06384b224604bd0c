package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.testkit.builder.Builders.aUsageRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.error.StoredDataException;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MongoUsageCountersTest extends MongoTestBase {

  @Test
  @DisplayName("two clients racing on a new counter never pass the limit, and fill it exactly")
  void givenTwoClientsOnNewCounter_whenRacing_thenLimitHoldsExactly() throws Exception {
    List<MongoUsageCounters> clients =
        List.of(store().usageCounters(), secondStore().usageCounters());
    UsageRequest request = aUsageRequest().organization("org_race").limit(7).quantity(1).build();

    List<UsageRecorded> results = Race.all(16, i -> clients.get(i % 2).record(request));

    assertThat(results).filteredOn(UsageRecorded::allowed).hasSize(7);
    assertThat(results)
        .filteredOn(r -> !r.allowed())
        .hasSize(9)
        .allSatisfy(r -> assertThat(r.usedAfter()).isEqualTo(7));
    assertThat(results)
        .filteredOn(UsageRecorded::allowed)
        .extracting(UsageRecorded::usedAfter)
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(store().usageCounters().used(request.key())).isEqualTo(7);
  }

  @Test
  @DisplayName("refusals at the limit are answers, not errors: the store logs nothing for them")
  void givenCounterAtLimit_whenRefused_thenNothingIsLogged() {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
        new ch.qos.logback.core.read.ListAppender<>();
    log.start();
    root.addAppender(log);
    try {
      UsageRequest first =
          aUsageRequest().organization("org_full").limit(2).quantity(2).idempotencyKey("a").build();
      store().usageCounters().record(first);

      for (int i = 0; i < 3; i++) {
        UsageRecorded refused =
            store()
                .usageCounters()
                .record(
                    aUsageRequest()
                        .organization("org_full")
                        .limit(2)
                        .quantity(1)
                        .idempotencyKey("b" + i)
                        .build());
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.usedAfter()).isEqualTo(2);
      }

      assertThat(log.list)
          .extracting(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
          .isEmpty();
    } finally {
      root.detachAppender(log);
    }
  }

  @Test
  @DisplayName("a key left undecided by a crashed caller is taken over after the lease")
  void givenKeyPendingPastLease_whenRecorded_thenTakenOverAndCounted() {
    UsageRequest request =
        aUsageRequest().organization("org_crash").limit(10).quantity(1).idempotencyKey("k").build();
    leavePendingKey(request, "dead", NOW.minus(Duration.ofMinutes(5)));

    UsageRecorded result = store().usageCounters().record(request);

    assertThat(result).isEqualTo(UsageRecorded.allowed(0, 1));
    assertThat(secondStore().usageCounters().record(request))
        .as("the decision of the take-over is the one replayed")
        .isEqualTo(UsageRecorded.allowed(0, 1).asReplay());
  }

  @Test
  @DisplayName("a key pending within its lease makes a caller wait, then give up with a conflict")
  void givenKeyPendingWithinLease_whenRecorded_thenConcurrentUpdateAfterWaiting() {
    UsageRequest request =
        aUsageRequest().organization("org_wait").limit(10).quantity(1).idempotencyKey("k").build();
    leavePendingKey(request, "slow", NOW);
    MongoUsageCounters impatient =
        new MongoUsageCounters(database(), CLOCK, Duration.ofMillis(100));

    assertThatThrownBy(() -> impatient.record(request))
        .isInstanceOf(ConcurrentUpdateException.class)
        .hasMessageContaining("still being decided");
    assertThat(impatient.used(request.key())).isZero();
  }

  @Test
  @DisplayName("a counter whose count is not a number is reported with collection and id")
  void givenTextCount_whenRead_thenStoredDataException() {
    UsageRequest request = aUsageRequest().organization("org_text").limit(10).build();
    store().usageCounters().record(request);
    database()
        .getCollection("usage_counters")
        .updateOne(
            Filters.eq("_id", MongoUsageCounters.counterId(request.key())),
            Updates.set("used", "many"));

    assertThatThrownBy(() -> store().usageCounters().used(request.key()))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("usage_counters")
        .hasMessageContaining("org_text")
        .hasMessageContaining("'used'");
  }

  /** The key document a caller leaves after claiming key "k" and before deciding. */
  private void leavePendingKey(UsageRequest request, String owner, Instant claimedAt) {
    database()
        .getCollection("usage_idempotency")
        .insertOne(
            new Document("_id", MongoUsageCounters.counterId(request.key()) + "|k")
                .append("state", "pending")
                .append("owner", owner)
                .append("claimedAt", Date.from(claimedAt))
                .append("expiresAt", Date.from(request.periodEnd())));
  }
}
