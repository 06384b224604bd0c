package io.agnosticbilling.adapter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} served with the API: the host gives the scrape (Micrometer stays out of this
 * adapter) and, optionally, the token a scraper must send as {@code Authorization: Bearer}. The
 * token is compared in constant time over SHA-256 digests, so neither its bytes nor its length leak
 * through timing.
 *
 * @param scrape the metrics text, asked for on each request
 * @param mediaType the media type of the text (Prometheus' text format)
 * @param token empty: the route is open to anyone (the default)
 */
public record MetricsEndpoint(Supplier<String> scrape, String mediaType, Optional<String> token) {
  /** The shortest token accepted: shorter ones are guessable. */
  public static final int MIN_TOKEN_LENGTH = 16;

  public MetricsEndpoint {
    Objects.requireNonNull(scrape, "'scrape' must not be null");
    Objects.requireNonNull(mediaType, "'mediaType' must not be null");
    Objects.requireNonNull(token, "'token' must not be null");
    if (token.isPresent() && token.get().isBlank()) {
      throw new IllegalArgumentException("'token' must not be blank");
    }
  }

  /** Whether {@code presented} is the token (constant time). */
  boolean accepts(String presented) {
    return token.isPresent() && MessageDigest.isEqual(sha256(presented), sha256(token.get()));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "MetricsEndpoint[mediaType="
        + mediaType
        + ", token="
        + (token.isPresent() ? "***" : "<none>")
        + "]";
  }
}
