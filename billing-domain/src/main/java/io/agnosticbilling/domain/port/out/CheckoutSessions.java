package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Outbound port: the Checkout sessions this product created and which were confirmed. */
public interface CheckoutSessions {

  void created(CheckoutRecord record);

  /** Marks the session confirmed at {@code at}; true only for the first confirmation. */
  boolean confirmed(String sessionId, Instant at);

  Optional<CheckoutRecord> find(String sessionId);

  /** Value object: a created Checkout session. */
  record CheckoutRecord(
      String sessionId,
      OrganizationId organizationId,
      PlanId plan,
      Instant createdAt,
      Optional<Instant> confirmedAt) {
    public CheckoutRecord {
      Objects.requireNonNull(sessionId, "'sessionId' must not be null");
      Objects.requireNonNull(organizationId, "'organizationId' must not be null");
      Objects.requireNonNull(plan, "'plan' must not be null");
      Objects.requireNonNull(createdAt, "'createdAt' must not be null");
      Objects.requireNonNull(confirmedAt, "'confirmedAt' must not be null");
    }
  }
}
