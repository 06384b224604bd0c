package io.agnosticbilling.adapter.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where notification emails go: {@code smtp://user:pass@host:port} (STARTTLS when the server offers
 * it; port 25 by default, 587 is usual) or {@code smtps://…} (TLS from the first byte; port 465 by
 * default). User and password are URL-decoded and optional.
 */
public record SmtpSettings(
    String host, int port, boolean tls, Optional<String> user, Optional<String> password) {
  public SmtpSettings {
    Objects.requireNonNull(host, "'host' must not be null");
    Objects.requireNonNull(user, "'user' must not be null");
    Objects.requireNonNull(password, "'password' must not be null");
  }

  /**
   * Reads {@code SMTP_URL}.
   *
   * @throws IllegalArgumentException naming what is wrong, never the password
   */
  public static SmtpSettings parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a URL (smtp://user:pass@host:port)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls;
    if (scheme.equals("smtp")) {
      tls = false;
    } else if (scheme.equals("smtps")) {
      tls = true;
    } else {
      throw new IllegalArgumentException("must start with smtp:// or smtps://");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("names no host (smtp://user:pass@host:port)");
    }
    int port = uri.getPort() == -1 ? (tls ? 465 : 25) : uri.getPort();
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (uri.getRawUserInfo() != null && !uri.getRawUserInfo().isEmpty()) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = Optional.of(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
      if (parts.length == 2) {
        password = Optional.of(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
      }
    }
    return new SmtpSettings(uri.getHost(), port, tls, user, password);
  }

  /** {@code smtp(s)://user:***@host:port}: for logs and {@code config check}. */
  public String masked() {
    return (tls ? "smtps://" : "smtp://")
        + user.map(u -> u + (password.isPresent() ? ":***" : "") + "@").orElse("")
        + host
        + ":"
        + port;
  }

  @Override
  public String toString() {
    return masked();
  }
}
