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
import io.agnosticbilling.domain.error.ProviderChangeNotSavedException;
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
 * Failures that come from outside (the payment provider, the JVM, stored data) are answered in our
 * own words; their text goes to the log only, masked by {@link LogText}.
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
    LOG.error(
        "Unexpected failure answering {} {}: {}",
        method,
        path,
        LogText.mask(String.valueOf(failure.getMessage())),
        failure);
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
    if (e instanceof WebhookRefused refused) {
      return webhookRefused(refused);
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
      // The domain's sentence names the server's variable: for the operator, not the caller.
      return Problem.of(
          503, e.code(), "Payments are not available on this server; try again later.");
    }
    if (e instanceof PaymentProviderException provider) {
      return fromProvider(provider, method, path);
    }
    if (e instanceof EventProcessingException) {
      // The message may quote the provider; the webhook log and this line keep it for operators.
      warn("Billing event failed", method, path, e);
      // A reason of the domain's own (an unknown price) helps whoever reads the delivery in the
      // provider's dashboard; a wrapped failure (the provider, the JVM) is told in our words.
      return Problem.of(
          500,
          e.code(),
          e.getCause() == null
              ? e.getMessage()
              : "The event could not be processed; it is recorded and will be retried.");
    }
    if (e instanceof ProviderChangeNotSavedException) {
      // 500, not 503: the change is made; a client that retries on 503 would make it twice.
      warn("Provider change not saved", method, path, e);
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
    // The provider's own message may name accounts or keys: log it, answer in general terms. A
    // declined card is the customer's business, not the operator's: answered, not logged.
    if (e.kind() != PaymentProviderException.Kind.CARD_DECLINED) {
      LOG.warn(
          "Payment provider refused {} {}: {} {}",
          method,
          path,
          e.kind(),
          LogText.mask(e.getMessage()));
    }
    return switch (e.kind()) {
      case CARD_DECLINED ->
          Problem.of(402, e.code(), "The card was declined; try another payment method.");
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

  /**
   * The refusal's own sentence (signature, timestamp, version: the adapter's words, which the
   * provider's dashboard shows), except where it could name the server's variables or quote a
   * parser: those two are answered in fixed words.
   */
  private static Problem webhookRefused(WebhookRefused refused) {
    return switch (refused.reason()) {
      case NOT_CONFIGURED ->
          Problem.of(400, refused.code(), "Webhooks are not configured on this server.");
      case MALFORMED_PAYLOAD ->
          Problem.of(400, refused.code(), "The body is not a provider event this server can read.");
      default -> simple(400, refused);
    };
  }

  /** One WARN line: what failed, masked, with its cause's class and message but no stack. */
  private static void warn(String what, String method, String path, Throwable e) {
    LOG.warn("{} on {} {}: {}{}", what, method, path, LogText.mask(e.getMessage()), causeOf(e));
  }

  private static String causeOf(Throwable e) {
    Throwable cause = e.getCause();
    return cause == null
        ? ""
        : " (cause "
            + cause.getClass().getSimpleName()
            + ": "
            + LogText.mask(cause.getMessage())
            + ")";
  }

  private static Problem simple(int status, BillingException e) {
    return Problem.of(status, e.code(), e.getMessage());
  }
}
