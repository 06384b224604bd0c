package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.port.out.AlertPublisher;
import io.agnosticbilling.domain.usage.UsageAlert;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** Adapter: an alert publisher that keeps every published alert for tests to inspect. */
public final class RecordingAlertPublisher implements AlertPublisher {
  private final CopyOnWriteArrayList<UsageAlert> published = new CopyOnWriteArrayList<>();

  @Override
  public void publish(UsageAlert alert) {
    published.add(Objects.requireNonNull(alert, "'alert' must not be null"));
  }

  /** Everything published so far, in publication order. */
  public List<UsageAlert> published() {
    return List.copyOf(published);
  }

  public void clear() {
    published.clear();
  }
}
