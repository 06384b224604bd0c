package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.domain.port.out.CheckoutSessions.CheckoutRecord;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Contract: what every {@link CheckoutSessions} adapter must do. Extend it in the adapter's tests
 * and return a store from {@link #newSessions()}.
 */
public abstract class CheckoutSessionsContract {
  /** The store under test, fresh for each test. */
  protected CheckoutSessions sessions;

  /** An EMPTY store, called once before each test. */
  protected abstract CheckoutSessions newSessions();

  /**
   * A second client on the same data as the last {@link #newSessions()}, so concurrency tests race
   * two clients as two server instances would. Defaults to the same instance.
   */
  protected CheckoutSessions secondClientOnSameStore() {
    return sessions;
  }

  @BeforeEach
  void freshStore() {
    sessions = newSessions();
  }

  @Test
  @DisplayName("a created session is found unconfirmed, with every field")
  void createdIsFound() {
    CheckoutRecord record = created("cs_1", T0.plusMillis(250));

    sessions.created(record);

    assertThat(sessions.find("cs_1")).contains(record);
  }

  @Test
  @DisplayName("an unknown session is not found")
  void unknownIsEmpty() {
    assertThat(sessions.find("cs_missing")).isEmpty();
  }

  @Test
  @DisplayName("the first confirmation is recorded and answered true; a later one false")
  void confirmedOnce() {
    sessions.created(created("cs_1", T0));

    boolean first = sessions.confirmed("cs_1", T0.plusSeconds(60));
    boolean second = sessions.confirmed("cs_1", T0.plusSeconds(120));

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(sessions.find("cs_1"))
        .get()
        .extracting(CheckoutRecord::confirmedAt)
        .isEqualTo(Optional.of(T0.plusSeconds(60)));
  }

  @Test
  @DisplayName("confirming a session that was never created is false and stores nothing")
  void confirmUnknown() {
    assertThat(sessions.confirmed("cs_missing", T0)).isFalse();
    assertThat(sessions.find("cs_missing")).isEmpty();
  }

  @Test
  @DisplayName("16 concurrent confirmations of one session: exactly one is first")
  void concurrentConfirmations() {
    CheckoutSessions second = secondClientOnSameStore();
    sessions.created(created("cs_1", T0));

    List<Boolean> firsts =
        Race.values(
            Race.run(
                16,
                i -> (i % 2 == 0 ? sessions : second).confirmed("cs_1", T0.plusSeconds(10 + i))));

    assertThat(firsts.stream().filter(Boolean::booleanValue)).hasSize(1);
    assertThat(sessions.find("cs_1").orElseThrow().confirmedAt()).isPresent();
  }

  private static CheckoutRecord created(String sessionId, Instant at) {
    return new CheckoutRecord(
        sessionId, OrganizationId.of("org_1"), PlanId.TEAM, at, Optional.empty());
  }
}
