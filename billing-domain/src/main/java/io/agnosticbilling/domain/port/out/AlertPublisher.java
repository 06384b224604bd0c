package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.usage.UsageAlert;

/** Outbound port: tells the outside world (email, chat, a queue) that a usage alert was raised. */
public interface AlertPublisher {

  void publish(UsageAlert alert);

  /** A publisher that drops alerts; they are still recorded and listed in the overview. */
  static AlertPublisher none() {
    return alert -> {};
  }
}
