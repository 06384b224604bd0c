package io.agnosticbilling.adapter.sql;

import java.time.Instant;

/**
 * How every instant is stored: microseconds since the epoch in a 64-bit integer column, the same on
 * both databases, so ranges and sorts use plain integer indexes and the system clock's microsecond
 * precision survives the round trip.
 */
final class Micros {
  private Micros() {}

  static long of(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
