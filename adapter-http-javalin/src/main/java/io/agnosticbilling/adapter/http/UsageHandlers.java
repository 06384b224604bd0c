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

  private static final int MAX_RUN_ID_LENGTH = 200;

  private final RecordUsage recordUsage;
  private final SafeListener listener;

  UsageHandlers(RecordUsage recordUsage, SafeListener listener) {
    this.recordUsage = recordUsage;
    this.listener = listener;
  }

  ApiResponse recordTestRuns(ApiCall call) {
    JsonBody body = call.json();
    String runId = body.requiredText("runId").trim();
    if (runId.isEmpty() || runId.length() > MAX_RUN_ID_LENGTH) {
      throw ApiException.invalid(
          "runId", "'runId' must be 1 to " + MAX_RUN_ID_LENGTH + " characters");
    }
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
