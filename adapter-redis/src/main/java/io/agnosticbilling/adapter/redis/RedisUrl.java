package io.agnosticbilling.adapter.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A parsed {@code REDIS_URL}: {@code redis[s]://[[user]:password@]host[:port][/database]}. Its
 * {@link #toString()} hides the password, so it can be logged.
 */
record RedisUrl(
    boolean tls,
    String host,
    int port,
    Optional<String> user,
    Optional<String> password,
    int database) {

  static RedisUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw invalid("must not be blank");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw invalid("is not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw invalid("must start with redis:// or rediss://");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw invalid("has no host");
    }
    int port = uri.getPort() == -1 ? 6379 : uri.getPort();
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        // redis://secret@host is the common short form for a password without a user.
        password = Optional.of(decode(userInfo));
      } else {
        String u = userInfo.substring(0, colon);
        user = u.isEmpty() ? Optional.empty() : Optional.of(decode(u));
        password = Optional.of(decode(userInfo.substring(colon + 1)));
      }
    }
    return new RedisUrl(
        "rediss".equals(scheme), uri.getHost(), port, user, password, database(uri));
  }

  private static int database(URI uri) {
    String path = uri.getPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return 0;
    }
    String number = path.substring(1);
    if (!number.matches("[0-9]{1,5}")) {
      throw invalid("has database '" + number + "'; it must be a number like /0 or /15");
    }
    return Integer.parseInt(number);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("'REDIS_URL' " + why);
  }

  @Override
  public String toString() {
    String credentials =
        password.isPresent() ? user.orElse("") + ":***@" : user.map(u -> u + "@").orElse("");
    return (tls ? "rediss://" : "redis://") + credentials + host + ":" + port + "/" + database;
  }
}
