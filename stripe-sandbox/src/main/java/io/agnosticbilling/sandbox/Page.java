package io.agnosticbilling.sandbox;

import java.util.List;
import java.util.function.Function;

/**
 * Stripe's cursor pagination over a newest-first list: {@code limit} (1 to 100, default 10), then
 * {@code starting_after} or {@code ending_before} an object id.
 */
record Page<T>(List<T> items, boolean hasMore) {

  static <T> Page<T> of(List<T> objects, Function<T, String> id, Params p) {
    long limit = limit(p);
    int from = 0;
    int to = objects.size();
    if (p.string("starting_after").isPresent()) {
      from = indexOf(objects, id, p.required("starting_after"), "starting_after") + 1;
    } else if (p.string("ending_before").isPresent()) {
      to = indexOf(objects, id, p.required("ending_before"), "ending_before");
      int start = (int) Math.max(0, to - limit);
      return new Page<>(List.copyOf(objects.subList(start, to)), start > 0);
    }
    int end = (int) Math.min(to, from + limit);
    return new Page<>(List.copyOf(objects.subList(from, end)), end < to);
  }

  /** The {@code limit} parameter: 1 to 100, 10 when absent. */
  static long limit(Params p) {
    long limit = p.longValue("limit").orElse(10L);
    if (limit < 1 || limit > 100) {
      throw StripeError.invalid(
          "limit", "Invalid integer: " + limit + "; must be between 1 and 100");
    }
    return limit;
  }

  private static <T> int indexOf(
      List<T> objects, Function<T, String> id, String cursor, String param) {
    for (int i = 0; i < objects.size(); i++) {
      if (id.apply(objects.get(i)).equals(cursor)) {
        return i;
      }
    }
    throw StripeError.missing("object", cursor, param);
  }
}
