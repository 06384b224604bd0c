package io.agnosticbilling.domain.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsagePeriodTest {
  @Test
  void calendarMonthInUtcIsHalfOpen() {
    UsagePeriod period = UsagePeriod.calendarMonthOf(Instant.parse("2026-02-28T23:59:59Z"));
    assertThat(period.start()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(period.end()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(period.contains(period.start())).isTrue();
    assertThat(period.contains(period.end())).isFalse();
    assertThatThrownBy(() -> new UsagePeriod(period.end(), period.start()))
        .hasMessage("'end' must be after 'start'");
  }
}
