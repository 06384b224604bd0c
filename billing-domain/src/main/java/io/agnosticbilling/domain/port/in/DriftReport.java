package io.agnosticbilling.domain.port.in;

import java.util.List;

/**
 * Value object: the result of a reconciliation.
 *
 * @param checked provider subscriptions examined
 * @param inSync those that matched local state
 * @param drifted ids whose local state differed and was replaced by the provider's
 * @param missingLocally ids the provider has and no organization did (applied when resolvable)
 * @param kept ids whose local state differs but was kept because the transition rules refuse the
 *     provider's (a locally ended subscription that a listing still shows live)
 * @param unresolved ids no organization could be found for
 * @param failed ids that could not be applied, with the reason
 */
public record DriftReport(
    int checked,
    int inSync,
    List<String> drifted,
    List<String> missingLocally,
    List<String> kept,
    List<String> unresolved,
    List<String> failed) {
  public DriftReport {
    drifted = List.copyOf(drifted);
    missingLocally = List.copyOf(missingLocally);
    kept = List.copyOf(kept);
    unresolved = List.copyOf(unresolved);
    failed = List.copyOf(failed);
  }
}
