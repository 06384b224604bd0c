package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Contract: what every {@link WebhookLog} adapter must do. Extend it in the adapter's tests and
 * return a store from {@link #newLog()}.
 */
public abstract class WebhookLogContract {
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final Instant NOW = T0.plus(Duration.ofHours(30));
  private static final String PAYLOAD =
      "{\"id\":\"evt_1\",\"object\":\"event\",\"data\":{\"name\":\"Zoë \\\"quoted\\\"\"}}";

  /** The store under test, fresh for each test. */
  protected WebhookLog log;

  /** An EMPTY store, called once before each test. */
  protected abstract WebhookLog newLog();

  /**
   * A second client on the same data as the last {@link #newLog()}, so concurrency tests race two
   * clients as two server instances would. Defaults to the same instance.
   */
  protected WebhookLog secondClientOnSameStore() {
    return log;
  }

  @BeforeEach
  void freshStore() {
    log = newLog();
  }

  @Test
  @DisplayName("an unknown event is claimed: stored as processing, attempt 1, payload verbatim")
  void unknownEventIsClaimed() {
    IncomingEvent event =
        new IncomingEvent(
            anEventHeader()
                .id("evt_1")
                .type("invoice.payment_failed")
                .created(T0)
                .livemode(true)
                .build(),
            PAYLOAD);

    Claim claim = log.claim(event, NOW, LEASE);

    WebhookLogEntry expected =
        new WebhookLogEntry(
            "evt_1",
            "invoice.payment_failed",
            WebhookStatus.PROCESSING,
            1,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            T0,
            true,
            PAYLOAD,
            NOW,
            NOW,
            NOW);
    assertThat(claim).isEqualTo(new Claim.Claimed(expected));
    assertThat(log.find("evt_1")).contains(expected);
  }

  @Test
  @DisplayName("an unknown event id is not found")
  void unknownIsEmpty() {
    assertThat(log.find("evt_missing")).isEmpty();
  }

  @Test
  @DisplayName("finishing the current attempt records the outcome; a later claim is a duplicate")
  void finishThenDuplicate() {
    log.claim(event("evt_1"), NOW, LEASE);
    Instant done = NOW.plusMillis(40);

    boolean finished =
        log.finish(
            "evt_1",
            1,
            WebhookStatus.PROCESSED,
            Optional.of(OrganizationId.of("org_1")),
            Optional.of("plan team"),
            Optional.empty(),
            done);
    Claim duplicate = log.claim(event("evt_1"), NOW.plusSeconds(1), LEASE);

    assertThat(finished).isTrue();
    WebhookLogEntry entry = log.find("evt_1").orElseThrow();
    assertThat(entry.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(entry.organizationId()).contains(OrganizationId.of("org_1"));
    assertThat(entry.detail()).contains("plan team");
    assertThat(entry.error()).isEmpty();
    assertThat(entry.updatedAt()).isEqualTo(done);
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(duplicate).isEqualTo(new Claim.AlreadyFinished(entry));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = WebhookStatus.class,
      names = {"PROCESSED", "IGNORED", "STALE"})
  @DisplayName("every finished status answers a new claim as already finished, unchanged")
  void finishedStatusesAreDuplicates(WebhookStatus status) {
    claimAndFinish("evt_1", status, NOW);
    WebhookLogEntry before = log.find("evt_1").orElseThrow();

    // Even long after the lease: a finished event is never taken over.
    Claim claim = log.claim(event("evt_1"), NOW.plus(Duration.ofDays(2)), LEASE);

    assertThat(claim).isEqualTo(new Claim.AlreadyFinished(before));
    assertThat(log.find("evt_1")).contains(before);
  }

  @Test
  @DisplayName("an event in error is claimed again: processing, attempts + 1, received time kept")
  void errorIsClaimedAgain() {
    claimAndFinish("evt_1", WebhookStatus.ERROR, NOW);
    Instant retry = NOW.plusSeconds(5);

    Claim claim = log.claim(event("evt_1"), retry, LEASE);

    assertThat(claim).isInstanceOf(Claim.Claimed.class);
    assertThat(claim.entry().status()).isEqualTo(WebhookStatus.PROCESSING);
    assertThat(claim.entry().attempts()).isEqualTo(2);
    assertThat(claim.entry().claimedAt()).isEqualTo(retry);
    assertThat(claim.entry().receivedAt()).isEqualTo(NOW);
    assertThat(log.find("evt_1")).contains(claim.entry());
  }

  @Test
  @DisplayName("an error is recorded with its message and can then be finished by the next attempt")
  void errorThenRetrySucceeds() {
    log.claim(event("evt_1"), NOW, LEASE);
    log.finish(
        "evt_1",
        1,
        WebhookStatus.ERROR,
        Optional.empty(),
        Optional.empty(),
        Optional.of("unknown price 'price_x'"),
        NOW);
    assertThat(log.find("evt_1").orElseThrow().error()).contains("unknown price 'price_x'");

    log.claim(event("evt_1"), NOW.plusSeconds(1), LEASE);
    boolean finished =
        log.finish(
            "evt_1",
            2,
            WebhookStatus.PROCESSED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            NOW.plusSeconds(2));

    assertThat(finished).isTrue();
    assertThat(log.find("evt_1").orElseThrow().status()).isEqualTo(WebhookStatus.PROCESSED);
  }

  @Test
  @DisplayName("a processing claim younger than the lease answers in progress and changes nothing")
  void freshLeaseIsInProgress() {
    log.claim(event("evt_1"), NOW, LEASE);
    WebhookLogEntry before = log.find("evt_1").orElseThrow();

    Claim claim = log.claim(event("evt_1"), NOW.plus(LEASE).minusMillis(1), LEASE);

    assertThat(claim).isEqualTo(new Claim.InProgress(before));
    assertThat(log.find("evt_1")).contains(before);
  }

  @Test
  @DisplayName("a processing claim exactly one lease old is taken over: attempts + 1")
  void expiredLeaseIsTakenOver() {
    log.claim(event("evt_1"), NOW, LEASE);
    Instant later = NOW.plus(LEASE);

    Claim claim = log.claim(event("evt_1"), later, LEASE);

    assertThat(claim).isInstanceOf(Claim.Claimed.class);
    assertThat(claim.entry().attempts()).isEqualTo(2);
    assertThat(claim.entry().claimedAt()).isEqualTo(later);
    assertThat(claim.entry().status()).isEqualTo(WebhookStatus.PROCESSING);
  }

  @Test
  @DisplayName("after a take-over the old attempt cannot finish; the new one can")
  void attemptTokenGuardsFinish() {
    log.claim(event("evt_1"), NOW, LEASE);
    log.claim(event("evt_1"), NOW.plus(LEASE), LEASE);

    boolean late = finish("evt_1", 1, WebhookStatus.PROCESSED, NOW.plus(LEASE).plusSeconds(1));

    assertThat(late).isFalse();
    assertThat(log.find("evt_1").orElseThrow().status()).isEqualTo(WebhookStatus.PROCESSING);
    assertThat(finish("evt_1", 2, WebhookStatus.IGNORED, NOW.plus(LEASE).plusSeconds(2))).isTrue();
    assertThat(log.find("evt_1").orElseThrow().status()).isEqualTo(WebhookStatus.IGNORED);
  }

  @Test
  @DisplayName("finishing an entry that is already finished is ignored")
  void finishTwiceIsIgnored() {
    claimAndFinish("evt_1", WebhookStatus.PROCESSED, NOW);
    WebhookLogEntry before = log.find("evt_1").orElseThrow();

    boolean again = finish("evt_1", 1, WebhookStatus.ERROR, NOW.plusSeconds(9));

    assertThat(again).isFalse();
    assertThat(log.find("evt_1")).contains(before);
  }

  @Test
  @DisplayName("finishing an unknown event is ignored and creates nothing")
  void finishUnknownIsIgnored() {
    assertThat(finish("evt_missing", 1, WebhookStatus.PROCESSED, NOW)).isFalse();
    assertThat(log.find("evt_missing")).isEmpty();
  }

  @Test
  @DisplayName("finishing with status processing is refused and leaves the entry alone")
  void finishWithProcessingRefused() {
    log.claim(event("evt_1"), NOW, LEASE);
    WebhookLogEntry before = log.find("evt_1").orElseThrow();

    assertThatThrownBy(() -> finish("evt_1", 1, WebhookStatus.PROCESSING, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("processing");
    assertThat(log.find("evt_1")).contains(before);
  }

  @Test
  @DisplayName("list returns entries newest first by time received")
  void listNewestFirst() {
    log.claim(event("evt_b"), NOW.plusSeconds(2), LEASE);
    log.claim(event("evt_a"), NOW.plusSeconds(1), LEASE);
    log.claim(event("evt_c"), NOW.plusSeconds(3), LEASE);

    assertThat(ids(log.list(Optional.empty(), 0, 10))).containsExactly("evt_c", "evt_b", "evt_a");
  }

  @Test
  @DisplayName("list pages with offset and limit; past the end it is empty")
  void listPages() {
    for (int i = 1; i <= 5; i++) {
      log.claim(event("evt_" + i), NOW.plusSeconds(i), LEASE);
    }

    assertThat(ids(log.list(Optional.empty(), 0, 2))).containsExactly("evt_5", "evt_4");
    assertThat(ids(log.list(Optional.empty(), 2, 2))).containsExactly("evt_3", "evt_2");
    assertThat(ids(log.list(Optional.empty(), 4, 2))).containsExactly("evt_1");
    assertThat(log.list(Optional.empty(), 5, 2)).isEmpty();
  }

  @Test
  @DisplayName("list filters by status before paging")
  void listByStatus() {
    claimAndFinish("evt_1", WebhookStatus.ERROR, NOW.plusSeconds(1));
    claimAndFinish("evt_2", WebhookStatus.PROCESSED, NOW.plusSeconds(2));
    claimAndFinish("evt_3", WebhookStatus.ERROR, NOW.plusSeconds(3));
    claimAndFinish("evt_4", WebhookStatus.ERROR, NOW.plusSeconds(4));

    assertThat(ids(log.list(Optional.of(WebhookStatus.ERROR), 1, 5)))
        .containsExactly("evt_3", "evt_1");
    assertThat(ids(log.list(Optional.of(WebhookStatus.STALE), 0, 5))).isEmpty();
  }

  @Test
  @DisplayName("list refuses a negative offset and a limit below 1")
  void listRefusesBadPaging() {
    assertThatThrownBy(() -> log.list(Optional.empty(), -1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> log.list(Optional.empty(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }

  @Test
  @DisplayName("16 concurrent claims of one new event: exactly one is claimed")
  void concurrentClaimsOfNewEvent() {
    WebhookLog second = secondClientOnSameStore();

    List<Claim> claims =
        Race.values(
            Race.run(16, i -> (i % 2 == 0 ? log : second).claim(event("evt_race"), NOW, LEASE)));

    assertThat(claims.stream().filter(Claim.Claimed.class::isInstance)).hasSize(1);
    assertThat(claims.stream().filter(c -> !(c instanceof Claim.Claimed)))
        .hasSize(15)
        .allSatisfy(c -> assertThat(c).isInstanceOf(Claim.InProgress.class));
    assertThat(log.find("evt_race").orElseThrow().attempts()).isEqualTo(1);
  }

  @Test
  @DisplayName("16 concurrent take-overs of an expired lease: exactly one is claimed")
  void concurrentTakeOvers() {
    WebhookLog second = secondClientOnSameStore();
    log.claim(event("evt_race"), NOW, LEASE);
    Instant later = NOW.plus(LEASE).plusSeconds(1);

    List<Claim> claims =
        Race.values(
            Race.run(16, i -> (i % 2 == 0 ? log : second).claim(event("evt_race"), later, LEASE)));

    assertThat(claims.stream().filter(Claim.Claimed.class::isInstance)).hasSize(1);
    assertThat(log.find("evt_race").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  @DisplayName("16 concurrent retries of an event in error: exactly one is claimed")
  void concurrentRetriesOfError() {
    WebhookLog second = secondClientOnSameStore();
    claimAndFinish("evt_race", WebhookStatus.ERROR, NOW);

    List<Claim> claims =
        Race.values(
            Race.run(
                16,
                i ->
                    (i % 2 == 0 ? log : second)
                        .claim(event("evt_race"), NOW.plusSeconds(1), LEASE)));

    assertThat(claims.stream().filter(Claim.Claimed.class::isInstance)).hasSize(1);
    assertThat(log.find("evt_race").orElseThrow().attempts()).isEqualTo(2);
  }

  private static IncomingEvent event(String id) {
    return WebhookLogSeed.event(id, WebhookLogSeed.DEFAULT_TYPE);
  }

  private static IncomingEvent event(String id, String type) {
    return WebhookLogSeed.event(id, type);
  }

  private void claimAndFinish(String id, WebhookStatus status, Instant at) {
    claimAndFinish(id, status, at, WebhookLogSeed.DEFAULT_TYPE);
  }

  private void claimAndFinish(String id, WebhookStatus status, Instant at, String type) {
    WebhookLogSeed.claimAndFinish(log, LEASE, id, status, at, type);
  }

  private boolean finish(String id, int attempt, WebhookStatus status, Instant at) {
    return WebhookLogSeed.finish(log, id, attempt, status, at);
  }

  private static List<String> ids(List<WebhookLogEntry> entries) {
    return entries.stream().map(WebhookLogEntry::eventId).toList();
  }
}
