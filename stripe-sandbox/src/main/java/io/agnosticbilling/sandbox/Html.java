package io.agnosticbilling.sandbox;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/** Shared bits of the sandbox's pages: escaping, the page frame, money and date formats. */
final class Html {
  static final String ASSETS = "/sandbox/assets/";
  private static final Set<String> ZERO_DECIMAL = Set.of("jpy", "krw", "vnd", "clp", "isk");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private Html() {}

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Answers a whole page; scripts and styles come from the sandbox itself only. */
  static void render(Context ctx, int status, String title, String body) {
    ctx.status(status);
    ctx.header("Content-Security-Policy", "default-src 'self'");
    ctx.header("Cache-Control", "no-store");
    ctx.html(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>"
            + escape(title)
            + "</title><link rel=\"icon\" href=\""
            + ASSETS
            + "favicon.svg\" type=\"image/svg+xml\"><link rel=\"stylesheet\" href=\""
            + ASSETS
            + "sandbox.css\"><script defer src=\""
            + ASSETS
            + "sandbox.js\"></script></head><body>"
            + "<div class=\"banner\">Stripe sandbox · test mode · no real money moves</div>"
            + body
            + "</body></html>");
  }

  static String money(long amountMinor, String currency) {
    String code = currency.toLowerCase(Locale.ROOT);
    if (ZERO_DECIMAL.contains(code)) {
      return String.format(Locale.ENGLISH, "%,d %s", amountMinor, code.toUpperCase(Locale.ROOT));
    }
    String sign = amountMinor < 0 ? "-" : "";
    long abs = Math.abs(amountMinor);
    String number = String.format(Locale.ENGLISH, "%,d.%02d", abs / 100, abs % 100);
    return switch (code) {
      case "usd" -> sign + "$" + number;
      case "eur" -> sign + "€" + number;
      case "gbp" -> sign + "£" + number;
      default -> sign + number + " " + code.toUpperCase(Locale.ROOT);
    };
  }

  static String interval(Price price) {
    return price.intervalCount == 1
        ? "per " + price.interval
        : "every " + price.intervalCount + " " + price.interval + "s";
  }

  static String date(long epochSecond) {
    return DATE.format(Instant.ofEpochSecond(epochSecond));
  }

  static String dateTime(long epochSecond) {
    return DATE_TIME.format(Instant.ofEpochSecond(epochSecond));
  }

  /** A form's submit button with its test hook. */
  static String button(String testId, String label, String cssClass) {
    return "<button type=\"submit\" class=\""
        + cssClass
        + "\" data-testid=\""
        + escape(testId)
        + "\">"
        + escape(label)
        + "</button>";
  }

  static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
  }
}
