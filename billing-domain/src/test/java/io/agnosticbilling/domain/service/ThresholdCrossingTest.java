package io.agnosticbilling.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdCrossingTest {
  @ParameterizedTest(name = "{0}% of {1}: {2} -> {3} crossed={4}")
  @CsvSource({
    "50, 100, 49, 50, true",
    "50, 100, 50, 51, false",
    "80, 100, 10, 95, true",
    "100, 100, 99, 100, true",
    "90, 1000, 899, 900, true",
    "90, 1000, 898, 899, false",
    "50, 3, 1, 2, true",
    "50, 0, 0, 0, false"
  })
  void aThresholdIsCrossedWhenUsageMovesFromBelowToAtOrAboveIt(
      int threshold, long limit, long before, long after, boolean crossed) {
    assertThat(UsageService.crossed(threshold, limit, before, after)).isEqualTo(crossed);
  }
}
