package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.error.AuthenticationFailedException;
import io.agnosticbilling.domain.error.BillingException;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.error.PaymentsNotConfiguredException;
import io.agnosticbilling.domain.error.StoredDataException;
import io.agnosticbilling.domain.error.TooManyCheckoutsException;
import io.agnosticbilling.domain.error.WebhookRefused;
import io.agnosticbilling.domain.usage.LimitExceeded;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become problem+json: every domain exception, every refusal of the
 * HTTP layer, and anything unexpected (logged here with its stack trace, answered without it).
 */
final class ProblemMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

  /** Seconds a client should wait after the payment provider rate-limited us. */
  static final String PROVIDER_RETRY_AFTER_SECONDS = "5";

  private ProblemMapper() {}

  static Problem toProblem(Throwable failure, String method, String path) {
    if (failure instanceof ApiException api) {
      return api.problem();
    }
    if (failure instanceof BillingException billing) {
      return fromDomain(billing, method, path);
    }
    LOG.error("Unexpected failure answering {} {}", method, path, failure);
    return Problem.of(500, "internal_error", "The server could not answer this request.");
  }

  /**
   * The one 402 answer to a limit refusal (usage or seats): the figures a client needs to explain
   * it and offer the upgrade, plus {@code extras} (a usage refusal says whether it was replayed).
   */
  static Problem limitExceeded(LimitExceeded refusal, Map<String, Object> extras) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("metric", refusal.metric().key());
    figures.put("used", refusal.used());
    figures.put("limit", refusal.limit());
    figures.put("requested", refusal.requested());
    figures.put("plan", refusal.plan().value());
    figures.put("upgradeTo", refusal.upgradeTo().map(p -> p.value()).orElse(null));
    figures.put(
        "upgradeLimit",
        refusal.upgradeLimit().isPresent() ? refusal.upgradeLimit().getAsLong() : null);
    figures.put("resetsAt", refusal.resetsAt().map(Object::toString).orElse(null));
    figures.putAll(extras);
    return new Problem(402, "limit_exceeded", refusal.message(), figures, Map.of());
  }

  private static Problem fromDomain(BillingException e, String method, String path) {
    if (e instanceof InvalidInputException invalid) {
      return new Problem(
          400, invalid.code(), invalid.getMessage(), Map.of("field", invalid.field()), Map.of());
    }
    if (e instanceof TooManyCheckoutsException throttled) {
      long seconds = throttled.retryAfterSeconds();
      return new Problem(
              429, e.code(), e.getMessage(), Map.of("retryAfterSeconds", seconds), Map.of())
          .withHeader("Retry-After", Long.toString(seconds));
    }
    if (e instanceof WebhookRefused) {
      return simple(400, e);
    }
    if (e instanceof AuthenticationFailedException) {
      return simple(401, e).withHeader("WWW-Authenticate", "Bearer");
    }
    if (e instanceof NotFoundException) {
      return simple(404, e);
    }
    if (e instanceof ConflictException || e instanceof ConcurrentUpdateException) {
      return simple(409, e);
    }
    if (e instanceof PaymentsNotConfiguredException) {
      return simple(503, e);
    }
    if (e instanceof PaymentProviderException provider) {
      return fromProvider(provider, method, path);
    }
    if (e instanceof EventProcessingException) {
      LOG.warn("Billing event failed on {} {}: {}", method, path, e.getMessage(), e);
      return simple(500, e);
    }
    if (e instanceof StoredDataException) {
      LOG.error("Stored data unreadable on {} {}", method, path, e);
      return Problem.of(500, e.code(), "Stored billing data could not be read.");
    }
    LOG.error("Unmapped domain failure on {} {}", method, path, e);
    return Problem.of(500, "internal_error", "The server could not answer this request.");
  }

  private static Problem fromProvider(PaymentProviderException e, String method, String path) {
    // The provider's own message may name accounts or keys: log it, answer in general terms.
    LOG.warn("Payment provider refused {} {}: {} {}", method, path, e.kind(), e.getMessage());
    return switch (e.kind()) {
      case CARD_DECLINED -> simple(402, e);
      // Not 429: the client did nothing wrong and our own throttling owns that status.
      case RATE_LIMITED ->
          Problem.of(503, e.code(), "The payment provider is busy; try again in a few seconds.")
              .withHeader("Retry-After", PROVIDER_RETRY_AFTER_SECONDS);
      default ->
          Problem.of(
              502,
              e.code(),
              "The payment provider could not complete the request; try again later.");
    };
  }

  private static Problem simple(int status, BillingException e) {
    return Problem.of(status, e.code(), e.getMessage());
  }
}
