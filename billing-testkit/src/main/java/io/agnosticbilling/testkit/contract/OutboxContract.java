package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static io.agnosticbilling.testkit.builder.Builders.aUsageAlert;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.NotificationData;
import io.agnosticbilling.domain.notification.NotificationType;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.NotificationOutbox;
import io.agnosticbilling.domain.port.out.NotificationOutbox.Claimed;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.testkit.concurrent.Race;
import io.agnosticbilling.testkit.concurrent.Race.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Contract: what every {@link NotificationOutbox} adapter must do, together with the saves that
 * write to it ({@link Organizations#save(Organization, List)}, {@link UsageAlerts#recordOnce(
 * io.agnosticbilling.domain.usage.UsageAlert, List)}) of the same store. Extend it in the adapter's
 * tests.
 */
public abstract class OutboxContract {
  private static final OrganizationId ORG = OrganizationId.of("org_1");
  private static final Duration LEASE = Duration.ofSeconds(30);

  /** The ports of one store, sharing its outbox. */
  public record Store(
      NotificationOutbox outbox, Organizations organizations, UsageAlerts usageAlerts) {}

  protected Store store;
  protected NotificationOutbox outbox;

  /** An EMPTY store, called once before each test. */
  protected abstract Store newStore();

  /**
   * A second client on the same data as the last {@link #newStore()} (another pool, another
   * process's view), so claims race as two dispatchers on two instances would. Defaults to the same
   * outbox.
   */
  protected NotificationOutbox secondClientOnSameStore() {
    return outbox;
  }

  @BeforeEach
  void freshStore() {
    store = newStore();
    outbox = store.outbox();
  }

  private static Notification note(String id, Instant createdAt) {
    return new Notification(
        id,
        NotificationType.USAGE_THRESHOLD_CROSSED,
        ORG,
        createdAt,
        NotificationData.builder()
            .put("metric", "test_runs")
            .put("threshold", 80)
            .put("text", "\"quoted\" ü\nline")
            .put("flag", true)
            .build());
  }

  @Test
  @DisplayName("an enqueued notification is pending, due at its creation, with every field")
  void enqueueStoresPending() {
    Notification n = note("n1", T0.plusMillis(7));

    outbox.enqueue(List.of(n));

    OutboxEntry entry = outbox.find("n1").orElseThrow();
    assertThat(entry.notification()).isEqualTo(n);
    assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(entry.attempts()).isZero();
    assertThat(entry.nextAttemptAt()).isEqualTo(n.createdAt());
    assertThat(entry.channelsDone()).isEmpty();
    assertThat(entry.lastError()).isEmpty();
    assertThat(entry.deliveredAt()).isEmpty();
    assertThat(outbox.find("unknown")).isEmpty();
  }

  @Test
  @DisplayName("a notification id is stored once: enqueuing it again keeps the first")
  void enqueueIsOncePerId() {
    outbox.enqueue(List.of(note("n1", T0)));
    outbox.enqueue(List.of(note("n1", T0.plusSeconds(5)), note("n2", T0)));

    assertThat(outbox.find("n1").orElseThrow().notification().createdAt()).isEqualTo(T0);
    assertThat(outbox.counts()).containsEntry(OutboxStatus.PENDING, 2L);
  }

  @Test
  @DisplayName("an organization save writes its notifications; a refused save writes none")
  void organizationSaveCarriesNotifications() {
    Organization inserted = store.organizations().insert(anOrganization().build());

    store
        .organizations()
        .save(inserted.withCustomerId("cus_1"), List.of(note("saved", T0), note("saved2", T0)));
    assertThatThrownBy(
            () ->
                store
                    .organizations()
                    .save(inserted.withCustomerId("cus_2"), List.of(note("refused", T0))))
        .isInstanceOf(ConcurrentUpdateException.class);

    assertThat(outbox.find("saved")).isPresent();
    assertThat(outbox.find("saved2")).isPresent();
    assertThat(outbox.find("refused")).isEmpty();
    assertThat(store.organizations().find(ORG).orElseThrow().customerId()).contains("cus_1");
  }

  @Test
  @DisplayName("an alert recorded writes its notifications; a duplicate alert writes none")
  void alertCarriesNotifications() {
    assertThat(store.usageAlerts().recordOnce(aUsageAlert().build(), List.of(note("a1", T0))))
        .isTrue();
    assertThat(store.usageAlerts().recordOnce(aUsageAlert().build(), List.of(note("a2", T0))))
        .isFalse();

    assertThat(outbox.find("a1")).isPresent();
    assertThat(outbox.find("a2")).isEmpty();
  }

  @Test
  @DisplayName("claim takes due notifications oldest first, counts an attempt, hides them")
  void claimTakesDueOnes() {
    outbox.enqueue(
        List.of(note("late", T0.plusSeconds(60)), note("b", T0.plusSeconds(2)), note("a", T0)));

    List<Claimed> claimed = outbox.claim(T0.plusSeconds(10), LEASE, 10);

    assertThat(claimed).extracting(c -> c.entry().id()).containsExactly("a", "b");
    assertThat(claimed).allSatisfy(c -> assertThat(c.entry().attempts()).isEqualTo(1));
    assertThat(claimed.get(0).token()).isNotEqualTo(claimed.get(1).token());
    assertThat(outbox.claim(T0.plusSeconds(11), LEASE, 10)).isEmpty();
    assertThat(outbox.claim(T0.plusSeconds(11), LEASE, 1)).isEmpty();
  }

  @Test
  @DisplayName("claim returns at most max notifications")
  void claimHonoursMax() {
    outbox.enqueue(List.of(note("a", T0), note("b", T0), note("c", T0)));

    assertThat(outbox.claim(T0, LEASE, 2)).hasSize(2);
    assertThat(outbox.claim(T0, LEASE, 2)).hasSize(1);
  }

  @Test
  @DisplayName("after the lease runs out another claim takes it over; the old token is refused")
  void expiredLeaseIsTakenOver() {
    outbox.enqueue(List.of(note("a", T0)));
    Claimed first = outbox.claim(T0, LEASE, 10).get(0);

    List<Claimed> again = outbox.claim(T0.plus(LEASE).plusMillis(1), LEASE, 10);

    assertThat(again).hasSize(1);
    assertThat(again.get(0).entry().attempts()).isEqualTo(2);
    assertThat(again.get(0).token()).isNotEqualTo(first.token());
    assertThat(outbox.delivered("a", first.token(), T0.plusSeconds(40))).isFalse();
    assertThat(outbox.delivered("a", again.get(0).token(), T0.plusSeconds(41))).isTrue();
    OutboxEntry done = outbox.find("a").orElseThrow();
    assertThat(done.status()).isEqualTo(OutboxStatus.DELIVERED);
    assertThat(done.deliveredAt()).contains(T0.plusSeconds(41));
  }

  @Test
  @DisplayName("a delivered notification is never claimed again")
  void deliveredIsDone() {
    outbox.enqueue(List.of(note("a", T0)));
    Claimed c = outbox.claim(T0, LEASE, 10).get(0);
    outbox.delivered("a", c.token(), T0.plusSeconds(1));

    assertThat(outbox.claim(T0.plus(Duration.ofDays(1)), LEASE, 10)).isEmpty();
    assertThat(outbox.delivered("a", c.token(), T0.plusSeconds(2))).isFalse();
    assertThat(outbox.counts())
        .containsEntry(OutboxStatus.DELIVERED, 1L)
        .containsEntry(OutboxStatus.PENDING, 0L)
        .containsEntry(OutboxStatus.FAILED, 0L);
  }

  @Test
  @DisplayName("retryLater makes it due at the given time, keeping the error and channels done")
  void retryLaterWaitsForBackoff() {
    outbox.enqueue(List.of(note("a", T0)));
    Claimed c = outbox.claim(T0, LEASE, 10).get(0);

    assertThat(
            outbox.retryLater("a", c.token(), "webhook: 500", Set.of("email"), T0.plusSeconds(20)))
        .isTrue();

    OutboxEntry waiting = outbox.find("a").orElseThrow();
    assertThat(waiting.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(waiting.lastError()).contains("webhook: 500");
    assertThat(waiting.channelsDone()).containsExactly("email");
    assertThat(waiting.nextAttemptAt()).isEqualTo(T0.plusSeconds(20));
    assertThat(outbox.claim(T0.plusSeconds(19), LEASE, 10)).isEmpty();
    Claimed second = outbox.claim(T0.plusSeconds(20), LEASE, 10).get(0);
    assertThat(second.entry().attempts()).isEqualTo(2);
    assertThat(second.entry().channelsDone()).containsExactly("email");
    assertThat(outbox.retryLater("a", c.token(), "stale", Set.of(), T0)).isFalse();
  }

  @Test
  @DisplayName("failed is listed for operators; requeue makes only a failed one pending again")
  void failedAndRequeued() {
    outbox.enqueue(List.of(note("a", T0), note("b", T0.plusSeconds(1))));
    Claimed c = outbox.claim(T0, LEASE, 1).get(0);

    assertThat(outbox.failed("a", c.token(), "webhook: refused", Set.of(), T0.plusSeconds(3)))
        .isTrue();

    assertThat(outbox.list(Optional.of(OutboxStatus.FAILED), 0, 10))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo("a");
              assertThat(e.lastError()).contains("webhook: refused");
              assertThat(e.attempts()).isEqualTo(1);
            });
    assertThat(outbox.claim(T0.plus(Duration.ofDays(1)), LEASE, 10))
        .extracting(x -> x.entry().id())
        .containsExactly("b");
    assertThat(outbox.requeue("b", T0.plusSeconds(5))).isFalse();
    assertThat(outbox.requeue("unknown", T0.plusSeconds(5))).isFalse();
    assertThat(outbox.requeue("a", T0.plusSeconds(5))).isTrue();
    OutboxEntry again = outbox.find("a").orElseThrow();
    assertThat(again.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(again.attempts()).isZero();
    assertThat(outbox.claim(T0.plusSeconds(5), LEASE, 10))
        .extracting(x -> x.entry().id())
        .containsExactly("a");
  }

  @Test
  @DisplayName("list is newest first, filtered by status, paged")
  void listPages() {
    outbox.enqueue(
        List.of(note("a", T0), note("b", T0.plusSeconds(1)), note("c", T0.plusSeconds(2))));
    Claimed c = outbox.claim(T0, LEASE, 1).get(0);
    outbox.delivered(c.entry().id(), c.token(), T0.plusSeconds(3));

    assertThat(outbox.list(Optional.empty(), 0, 10))
        .extracting(OutboxEntry::id)
        .containsExactly("c", "b", "a");
    assertThat(outbox.list(Optional.empty(), 1, 1))
        .extracting(OutboxEntry::id)
        .containsExactly("b");
    assertThat(outbox.list(Optional.of(OutboxStatus.PENDING), 0, 10))
        .extracting(OutboxEntry::id)
        .containsExactly("c", "b");
    assertThat(outbox.list(Optional.of(OutboxStatus.DELIVERED), 0, 10))
        .extracting(OutboxEntry::id)
        .containsExactly("a");
  }

  @Test
  @DisplayName("two dispatchers claiming at the same time never get the same notification")
  void concurrentClaimsAreDisjoint() {
    int total = 120;
    outbox.enqueue(
        IntStream.range(0, total).mapToObj(i -> note("n" + i, T0.plusMillis(i))).toList());
    NotificationOutbox other = secondClientOnSameStore();

    List<Outcome<List<String>>> outcomes =
        Race.run(
            4,
            i -> {
              NotificationOutbox mine = i % 2 == 0 ? outbox : other;
              List<String> got = new ArrayList<>();
              while (true) {
                List<Claimed> batch = mine.claim(T0.plusSeconds(1), LEASE, 7);
                if (batch.isEmpty()) {
                  return got;
                }
                for (Claimed c : batch) {
                  got.add(c.entry().id());
                  assertThat(mine.delivered(c.entry().id(), c.token(), T0.plusSeconds(2))).isTrue();
                }
              }
            });

    List<String> all = new ArrayList<>();
    for (Outcome<List<String>> o : outcomes) {
      assertThat(o.failure()).isNull();
      all.addAll(o.value());
    }
    assertThat(all).hasSize(total);
    assertThat(new HashSet<>(all)).hasSize(total);
    Map<OutboxStatus, Long> counts = outbox.counts();
    assertThat(counts).containsEntry(OutboxStatus.DELIVERED, (long) total);
  }
}
