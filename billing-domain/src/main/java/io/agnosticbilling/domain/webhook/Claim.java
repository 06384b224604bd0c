package io.agnosticbilling.domain.webhook;

/** The answer of the webhook log to a claim on an event id. */
public sealed interface Claim permits Claim.Claimed, Claim.AlreadyFinished, Claim.InProgress {

  WebhookLogEntry entry();

  /** This caller owns the event now (new, a retry of an error, or a lease taken over). */
  record Claimed(WebhookLogEntry entry) implements Claim {}

  /** The event was processed, ignored or stale before: a duplicate with no effect. */
  record AlreadyFinished(WebhookLogEntry entry) implements Claim {}

  /** Another caller holds a fresh lease on it: answer non-2xx so the provider retries later. */
  record InProgress(WebhookLogEntry entry) implements Claim {}
}
