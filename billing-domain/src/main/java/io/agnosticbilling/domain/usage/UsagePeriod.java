package io.agnosticbilling.domain.usage;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;

/** Value object: the half-open window {@code [start, end)} a usage counter covers. */
public record UsagePeriod(Instant start, Instant end) {
  public UsagePeriod {
    Objects.requireNonNull(start, "'start' must not be null");
    Objects.requireNonNull(end, "'end' must not be null");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("'end' must be after 'start'");
    }
  }

  /** The calendar month in UTC that contains {@code instant}. */
  public static UsagePeriod calendarMonthOf(Instant instant) {
    YearMonth month = YearMonth.from(instant.atOffset(ZoneOffset.UTC));
    return new UsagePeriod(
        month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
        month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }
}
