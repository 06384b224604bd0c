package io.agnosticbilling.adapter.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Handlers of {@code /health}: liveness, and readiness from the injected checks. */
final class HealthHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(HealthHandlers.class);

  private final List<ReadinessCheck> checks;

  HealthHandlers(List<ReadinessCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  record StatusJson(String status) {}

  record ReadyJson(String status, Map<String, String> checks) {}

  ApiResponse live(ApiCall call) {
    return ApiResponse.ok(new StatusJson("ok"));
  }

  ApiResponse ready(ApiCall call) {
    Map<String, String> results = new LinkedHashMap<>();
    for (ReadinessCheck check : checks) {
      results.put(check.name(), isReady(check) ? "up" : "down");
    }
    List<String> down =
        results.entrySet().stream()
            .filter(e -> e.getValue().equals("down"))
            .map(Map.Entry::getKey)
            .toList();
    if (!down.isEmpty()) {
      throw new ApiException(
          new Problem(
              503,
              "not_ready",
              "Not ready: " + String.join(", ", down) + " did not answer.",
              Map.of("checks", results),
              Map.of()));
    }
    return ApiResponse.ok(new ReadyJson("ok", results));
  }

  private static boolean isReady(ReadinessCheck check) {
    try {
      return check.ready();
    } catch (RuntimeException e) {
      // The reason may name hosts or credentials: log it, answer only "down".
      LOG.warn("Readiness check '{}' failed", check.name(), e);
      return false;
    }
  }
}
