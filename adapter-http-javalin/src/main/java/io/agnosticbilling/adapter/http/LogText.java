package io.agnosticbilling.adapter.http;

import java.util.regex.Pattern;

/**
 * Masks what looks like a secret in text bound for the log (a provider key, a webhook secret, the
 * password of a connection string), keeping its kind visible: {@code sk_test_***}.
 */
final class LogText {
  private static final Pattern KEY =
      Pattern.compile("\\b((?:sk|rk|pk)_(?:test|live)_|whsec_)[A-Za-z0-9+/=_-]+");
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)[^@/\\s]+@");

  private LogText() {}

  static String mask(String text) {
    if (text == null) {
      return "";
    }
    String keys = KEY.matcher(text).replaceAll("$1***");
    return URL_PASSWORD.matcher(keys).replaceAll("$1***@");
  }
}
