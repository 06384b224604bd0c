package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.port.in.RecordUsage;
import java.util.Map;
import java.util.Optional;

/**
 * Handler of {@code /api/usage}: counts test runs before they happen; a refusal is a value from the
 * use case and becomes a 402 problem here.
 */
final class UsageHandlers {
  /** Guards against a typo charging a whole period at once. */
  static final long MAX_QUANTITY = 10_000;

  private final RecordUsage recordUsage;
  private final SafeListener listener;

  UsageHandlers(RecordUsage recordUsage, SafeListener listener) {
    this.recordUsage = recordUsage;
    this.listener = listener;
  }

  ApiResponse recordTestRuns(ApiCall call) {
    JsonBody body = call.json();
    // Its bounds are the domain's (UsageRequest); a refusal comes back as invalid_input 'runId'.
    String runId = body.requiredText("runId").trim();
    long quantity = body.optionalWholeNumber("quantity", 1, MAX_QUANTITY).orElse(1);
    RecordUsage.UsageOutcome outcome =
        recordUsage.record(call.organizationId(), Metric.TEST_RUNS, quantity, Optional.of(runId));
    if (outcome instanceof RecordUsage.Refused refused) {
      listener.limitRefused(refused.refusal());
      throw new ApiException(
          ProblemMapper.limitExceeded(refused.refusal(), Map.of("replayed", refused.replayed())));
    }
    return ApiResponse.created(BillingJsonMapper.usageAllowed((RecordUsage.Allowed) outcome));
  }
}
