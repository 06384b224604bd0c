package io.agnosticbilling.adapter.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts what the PostgreSQL driver sends from the calling thread while open, from its protocol
 * trace ({@code java.util.logging} at FINEST): each {@code Sync} ends one round trip (the driver
 * then waits for the server's answer), each {@code Execute} is one statement run.
 */
final class RoundTrips implements AutoCloseable {
  private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

  private final long thread = Thread.currentThread().getId();
  private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
  private final Level level = DRIVER.getLevel();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          String message = record.getMessage();
          if (record.getLongThreadID() == thread && message != null && message.contains("FE=>")) {
            sent.add(message.trim());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private RoundTrips() {
    DRIVER.setLevel(Level.FINEST);
    DRIVER.addHandler(handler);
  }

  static RoundTrips count() {
    return new RoundTrips();
  }

  /** Round trips so far: messages ending in a Sync. */
  long roundTrips() {
    return count("FE=> Sync");
  }

  /** Statements run so far. */
  long statements() {
    return count("FE=> Execute");
  }

  /** The messages sent, for a failure's description. */
  String trace() {
    synchronized (sent) {
      return String.join("\n", sent);
    }
  }

  private long count(String prefix) {
    synchronized (sent) {
      return sent.stream().filter(m -> m.startsWith(prefix)).count();
    }
  }

  @Override
  public void close() {
    DRIVER.removeHandler(handler);
    DRIVER.setLevel(level);
  }
}
