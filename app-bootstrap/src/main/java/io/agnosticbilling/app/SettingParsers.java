package io.agnosticbilling.app;

import io.agnosticbilling.domain.plan.PlanId;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing rules shared by the loader and the masked output: durations and variable names. */
final class SettingParsers {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

  private SettingParsers() {}

  /**
   * {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  static Duration parseDuration(String value) {
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be a number followed by s, m, h or d (like 15m, 24h, 7d), got '" + value + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** An exact short form: {@code 7d}, {@code 24h}, {@code 90m}, {@code 45s}. */
  static String formatDuration(Duration d) {
    long seconds = d.toSeconds();
    // A single day reads better as 24h, the form the reference uses for JWT_EXPIRY.
    if (seconds >= 2 * 86_400 && seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds != 0 && seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds != 0 && seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  /**
   * {@code STRIPE_TEAM_PRICE_ID} for plan {@code team}: the line {@code stripe sync-catalog}
   * prints.
   */
  static String priceVariable(PlanId plan) {
    return "STRIPE_" + plan.value().toUpperCase(Locale.ROOT).replace('-', '_') + "_PRICE_ID";
  }

  /** {@code STRIPE_TEAM_YEARLY_PRICE_ID}: the yearly price sold beside the monthly one. */
  static String yearlyPriceVariable(PlanId plan) {
    return "STRIPE_" + plan.value().toUpperCase(Locale.ROOT).replace('-', '_') + "_YEARLY_PRICE_ID";
  }
}
