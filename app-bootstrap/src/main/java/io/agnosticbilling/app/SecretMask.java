package io.agnosticbilling.app;

import java.net.URI;
import java.util.regex.Pattern;

/** Masks secrets for logs and {@code config check}: the kind stays visible, the secret does not. */
final class SecretMask {
  private static final Pattern STRIPE_KEY =
      Pattern.compile("^(sk|rk|pk)_(test|live)_.*|^whsec_.*", Pattern.DOTALL);

  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("([?&;](?i:password)=)[^&;]*");

  private SecretMask() {}

  /** {@code sk_live_***}, {@code sk_test_***}, {@code whsec_***}; anything else {@code ***}. */
  static String stripe(String secret) {
    if (secret == null || !STRIPE_KEY.matcher(secret).matches()) {
      return "***";
    }
    if (secret.startsWith("whsec_")) {
      return "whsec_***";
    }
    int second = secret.indexOf('_', secret.indexOf('_') + 1);
    return secret.substring(0, second + 1) + "***";
  }

  /**
   * A connection string with its password (if any, in the user info or a {@code password=} query
   * parameter as JDBC URLs carry it) replaced by {@code ***}.
   */
  static String connectionString(String uri) {
    return PASSWORD_PARAMETER.matcher(userInfoMasked(uri)).replaceAll("$1***");
  }

  private static String userInfoMasked(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return "***";
    }
    int hostStart = scheme + 3;
    int at = uri.lastIndexOf('@');
    int slash = uri.indexOf('/', hostStart);
    if (at < hostStart || (slash >= 0 && at > slash)) {
      return uri;
    }
    String userInfo = uri.substring(hostStart, at);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    return uri.substring(0, hostStart)
        + (user.isEmpty() ? "" : user + ":")
        + "***"
        + uri.substring(at);
  }

  /** The hosts of a connection string, without user or password (for the start-up log). */
  static String hosts(String uri) {
    int scheme = uri.indexOf("://");
    String rest = scheme < 0 ? uri : uri.substring(scheme + 3);
    int at = rest.lastIndexOf('@');
    int slash = rest.indexOf('/');
    if (at >= 0 && (slash < 0 || at < slash)) {
      rest = rest.substring(at + 1);
      slash = rest.indexOf('/');
    }
    int query = rest.indexOf('?');
    int end = slash >= 0 ? slash : query >= 0 ? query : rest.length();
    return rest.substring(0, end);
  }

  /** {@code host:port/db} of a database URL (also {@code jdbc:…}), without user or password. */
  static String hostAndDatabase(String url) {
    String plain = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    int scheme = plain.indexOf("://");
    String rest = scheme < 0 ? plain : plain.substring(scheme + 3);
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    int slash = rest.indexOf('/');
    String database = slash < 0 ? "" : rest.substring(slash + 1);
    return hosts(plain) + "/" + database;
  }

  /** True when the URI's user info carries a password (never printed, only reported). */
  static boolean hasPassword(URI uri) {
    return uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":");
  }
}
