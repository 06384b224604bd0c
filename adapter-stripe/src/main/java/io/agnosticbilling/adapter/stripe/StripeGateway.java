package io.agnosticbilling.adapter.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.net.ApiRequestParams;
import com.stripe.net.RequestOptions;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.error.PaymentProviderException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one place that talks to stripe-java: owns the adapter's {@link StripeClient}, attaches
 * idempotency keys, retries rate-limited calls and turns every Stripe failure into a secret-free
 * {@link PaymentProviderException}.
 */
final class StripeGateway {
  static final String IDEMPOTENCY_PREFIX = "agnostic-billing:";
  private static final Pattern KEY_PATTERN =
      Pattern.compile("\\b((?:sk|rk|pk)_(?:test|live)_|whsec_)[A-Za-z0-9+/=_-]+");
  private static final Duration RATE_LIMIT_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_RATE_LIMIT_BACKOFF = Duration.ofSeconds(8);

  /** A call to Stripe with the request options to send (idempotency key included). */
  @FunctionalInterface
  interface Call<T> {
    T send(StripeClient client, RequestOptions options) throws StripeException;
  }

  private final StripeSettings settings;
  private final StripeClient client;

  StripeGateway(StripeSettings settings) {
    this.settings = settings;
    StripeClient.StripeClientBuilder builder =
        StripeClient.builder()
            .setApiKey(settings.secretKey())
            .setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()))
            .setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()))
            .setMaxNetworkRetries(settings.maxNetworkRetries());
    settings
        .apiBase()
        .ifPresent(base -> builder.setApiBase(base).setFilesBase(base).setConnectBase(base));
    this.client = builder.build();
  }

  StripeSettings settings() {
    return settings;
  }

  /** A read: no idempotency key needed, GETs are safe to repeat. */
  <T> T read(String operation, Call<T> call) {
    return execute(operation, RequestOptions.getDefault(), call);
  }

  /** A read where Stripe's "no such object" means "absent" rather than a failure. */
  <T> Optional<T> readOptional(String operation, Call<T> call) {
    try {
      return Optional.of(sendWithRateLimitRetries(RequestOptions.getDefault(), call));
    } catch (InvalidRequestException e) {
      if (isMissingResource(e)) {
        return Optional.empty();
      }
      throw translate(operation, e);
    } catch (StripeException e) {
      throw translate(operation, e);
    }
  }

  /**
   * A write carrying {@code idempotencyKey}: stripe-java's own retries and the rate-limit retries
   * here resend the same key, so Stripe performs the write once.
   */
  <T> T write(String operation, String idempotencyKey, Call<T> call) {
    RequestOptions options =
        RequestOptions.builder().setIdempotencyKey(IDEMPOTENCY_PREFIX + idempotencyKey).build();
    return execute(operation, options, call);
  }

  /**
   * A write whose idempotency key is {@code command} plus a digest of {@code params}: a retry of
   * the same request replays Stripe's first answer, and a different request (another admin's email,
   * a price created with {@code transfer_lookup_key}) is never refused as a key reuse.
   */
  <T> T write(String operation, String command, ApiRequestParams params, Call<T> call) {
    return write(operation, command + ":" + digest(params.toMap()), call);
  }

  /** The first 16 hex digits of SHA-256 over the parameters, nested maps in key order. */
  static String digest(Map<String, Object> params) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical(params).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String canonical(Object value) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      new TreeMap<>(map)
          .forEach((k, v) -> out.append(k).append('=').append(canonical(v)).append(';'));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      list.forEach(v -> out.append(canonical(v)).append(';'));
      return out.append(']').toString();
    }
    return String.valueOf(value);
  }

  private <T> T execute(String operation, RequestOptions options, Call<T> call) {
    try {
      return sendWithRateLimitRetries(options, call);
    } catch (StripeException e) {
      throw translate(operation, e);
    }
  }

  // stripe-java retries network errors, 409 and 5xx itself but gives up on 429 unless Stripe adds
  // Stripe-Should-Retry; Stripe asks clients to back off and retry rate-limited calls.
  private <T> T sendWithRateLimitRetries(RequestOptions options, Call<T> call)
      throws StripeException {
    int attempt = 0;
    while (true) {
      try {
        return call.send(client, options);
      } catch (RateLimitException e) {
        if (attempt >= settings.maxNetworkRetries()) {
          throw e;
        }
        sleep(backoff(attempt));
        attempt++;
      }
    }
  }

  private static Duration backoff(int attempt) {
    Duration delay = RATE_LIMIT_BACKOFF.multipliedBy(1L << Math.min(attempt, 4));
    return delay.compareTo(MAX_RATE_LIMIT_BACKOFF) > 0 ? MAX_RATE_LIMIT_BACKOFF : delay;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaymentProviderException(
          Kind.UNREACHABLE, "Interrupted while waiting to retry a rate-limited Stripe call");
    }
  }

  private static boolean isMissingResource(InvalidRequestException e) {
    return "resource_missing".equals(e.getCode()) || Integer.valueOf(404).equals(e.getStatusCode());
  }

  /** Classifies a Stripe failure; the message names the operation and never holds a secret. */
  PaymentProviderException translate(String operation, StripeException e) {
    Kind kind = kindOf(e);
    StringBuilder message =
        new StringBuilder("Stripe ")
            .append(operation)
            .append(" failed (")
            .append(describe(kind))
            .append("): ")
            .append(scrub(e.getStripeError() != null ? stripeMessage(e) : e.getMessage()));
    StringBuilder details = new StringBuilder();
    if (e.getStatusCode() != null && e.getStatusCode() > 0) {
      details.append("HTTP ").append(e.getStatusCode());
    }
    if (e.getCode() != null) {
      details.append(details.length() > 0 ? ", " : "").append("code ").append(e.getCode());
    }
    if (e.getRequestId() != null) {
      details.append(details.length() > 0 ? ", " : "").append("request ").append(e.getRequestId());
    }
    if (details.length() > 0) {
      message.append(" [").append(details).append(']');
    }
    // The Stripe exception itself is not kept as the cause: it carries the raw response, which
    // may echo the key. A network failure keeps its I/O cause, which names only the host.
    Throwable cause = e instanceof ApiConnectionException ? e.getCause() : null;
    return cause == null
        ? new PaymentProviderException(kind, message.toString())
        : new PaymentProviderException(kind, message.toString(), cause);
  }

  private static String stripeMessage(StripeException e) {
    String text = e.getStripeError().getMessage();
    return text == null || text.isBlank() ? String.valueOf(e.getMessage()) : text;
  }

  private static Kind kindOf(StripeException e) {
    if (e instanceof CardException) {
      return Kind.CARD_DECLINED;
    }
    if (e instanceof RateLimitException) {
      return Kind.RATE_LIMITED;
    }
    if (e instanceof AuthenticationException) {
      return Kind.AUTHENTICATION;
    }
    if (e instanceof ApiConnectionException) {
      return Kind.UNREACHABLE;
    }
    if (e instanceof InvalidRequestException || e instanceof IdempotencyException) {
      return Kind.INVALID_REQUEST;
    }
    return Kind.UNKNOWN;
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case CARD_DECLINED -> "card declined";
      case INVALID_REQUEST -> "invalid request";
      case AUTHENTICATION -> "the API key was refused";
      case RATE_LIMITED -> "rate limited, retries exhausted";
      case UNREACHABLE -> "Stripe could not be reached";
      case UNKNOWN -> "Stripe error";
    };
  }

  /** Replaces anything shaped like a Stripe key or secret with its masked form. */
  String scrub(String text) {
    if (text == null) {
      return "";
    }
    String withoutKey = text.replace(settings.secretKey(), settings.maskedSecretKey());
    return KEY_PATTERN.matcher(withoutKey).replaceAll("$1***");
  }
}
