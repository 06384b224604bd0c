package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.usage.LimitExceeded;
import io.agnosticbilling.domain.usage.UsageAlert;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Use case: count usage before it happens, as one atomic conditional increment; allowed, or refused
 * with the figures and the plan to upgrade to.
 */
public interface RecordUsage {

  UsageOutcome record(
      OrganizationId organizationId, Metric metric, long quantity, Optional<String> idempotencyKey);

  /** The decision. */
  sealed interface UsageOutcome permits Allowed, Refused {}

  /**
   * Counted. {@code newAlerts} are the thresholds this increment crossed (empty on a replay).
   *
   * @param remaining empty when unlimited
   */
  record Allowed(
      long used, Quota limit, OptionalLong remaining, List<UsageAlert> newAlerts, boolean replayed)
      implements UsageOutcome {}

  /** Not counted: the limit stands in the way. */
  record Refused(LimitExceeded refusal, boolean replayed) implements UsageOutcome {}
}
