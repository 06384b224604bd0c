package io.agnosticbilling.domain.notification;

import io.agnosticbilling.domain.port.out.NotificationChannel;
import io.agnosticbilling.domain.port.out.NotificationOutbox;
import io.agnosticbilling.domain.port.out.NotificationOutbox.Claimed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Delivers the outbox at least once: claims due notifications under a lease (so a dispatcher that
 * dies mid-delivery hands them over when the lease runs out), hands each to every channel that has
 * not taken it yet, and on a failure retries with exponential backoff until {@code maxAttempts},
 * after which the notification is {@code failed} for an operator to see and retry. Any number of
 * dispatchers (threads, processes) may share one outbox.
 */
public final class NotificationDispatcher implements AutoCloseable {
  private final NotificationOutbox outbox;
  private final List<NotificationChannel> channels;
  private final Settings settings;
  private final Clock clock;
  private final Listener listener;
  private final Object wakeUp = new Object();
  private volatile boolean running;
  private Thread thread;

  public NotificationDispatcher(
      NotificationOutbox outbox,
      List<NotificationChannel> channels,
      Settings settings,
      Clock clock,
      Listener listener) {
    this.outbox = Objects.requireNonNull(outbox, "'outbox' must not be null");
    this.channels = List.copyOf(channels);
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    this.listener = Objects.requireNonNull(listener, "'listener' must not be null");
    if (this.channels.isEmpty()) {
      throw new IllegalArgumentException(
          "a dispatcher needs a channel; without one notifications are only listed");
    }
  }

  /**
   * Claims one batch of due notifications and delivers it.
   *
   * @return how many notifications were claimed
   */
  public int dispatchOnce() {
    List<Claimed> batch = outbox.claim(clock.instant(), settings.lease(), settings.batch());
    for (Claimed claimed : batch) {
      deliver(claimed);
    }
    return batch.size();
  }

  private void deliver(Claimed claimed) {
    OutboxEntry entry = claimed.entry();
    Notification notification = entry.notification();
    Set<String> done = new LinkedHashSet<>(entry.channelsDone());
    StringBuilder errors = new StringBuilder();
    for (NotificationChannel channel : channels) {
      if (done.contains(channel.name())) {
        continue;
      }
      try {
        channel.deliver(notification);
        done.add(channel.name());
      } catch (RuntimeException e) {
        if (errors.length() > 0) {
          errors.append("; ");
        }
        errors
            .append(channel.name())
            .append(": ")
            .append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      }
    }
    Instant now = clock.instant();
    if (errors.length() == 0) {
      if (outbox.delivered(entry.id(), claimed.token(), now)) {
        listener.delivered(entry);
      }
      return;
    }
    String error = truncate(errors.toString());
    if (entry.attempts() >= settings.maxAttempts()) {
      if (outbox.failed(entry.id(), claimed.token(), error, done, now)) {
        listener.failed(entry, error);
      }
      return;
    }
    Instant next = now.plus(settings.backoff(entry.attempts()));
    if (outbox.retryLater(entry.id(), claimed.token(), error, done, next)) {
      listener.retrying(entry, error, next);
    }
  }

  private static String truncate(String error) {
    return error.length() <= 1000 ? error : error.substring(0, 1000);
  }

  /** Dispatches on a daemon thread until {@link #close()}: batches back to back, then polls. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("the dispatcher is started already");
    }
    running = true;
    thread = new Thread(this::loop, "notification-dispatcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      int claimed = 0;
      try {
        claimed = dispatchOnce();
      } catch (RuntimeException e) {
        listener.storeFailed(e);
      }
      if (claimed == 0 && running) {
        synchronized (wakeUp) {
          try {
            wakeUp.wait(settings.pollInterval().toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /** Asks the loop to look at the outbox now (after a change enqueued something). */
  public void wakeUp() {
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }

  /**
   * Stops the loop: the delivery under way finishes (up to {@link Settings#lease()}), then the
   * thread ends. What it had not claimed stays pending for the next start or another dispatcher.
   */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      running = thread;
      thread = null;
    }
    if (running == null) {
      return;
    }
    this.running = false;
    wakeUp();
    try {
      running.join(settings.lease().toMillis());
      if (running.isAlive()) {
        running.interrupt();
        running.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * How delivery goes.
   *
   * @param lease how long a claim hides a notification from other dispatchers: longer than the
   *     slowest delivery to every channel
   * @param maxAttempts attempts before a notification is {@code failed}
   * @param firstBackoff the wait after the first failed attempt, doubled after each further one
   * @param maxBackoff the longest wait between attempts
   * @param batch notifications claimed at once
   * @param pollInterval how often an idle dispatcher looks at the outbox
   */
  public record Settings(
      Duration lease,
      int maxAttempts,
      Duration firstBackoff,
      Duration maxBackoff,
      int batch,
      Duration pollInterval) {
    public Settings {
      requirePositive(lease, "lease");
      requirePositive(firstBackoff, "firstBackoff");
      requirePositive(maxBackoff, "maxBackoff");
      requirePositive(pollInterval, "pollInterval");
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("'maxAttempts' must be at least 1");
      }
      if (batch < 1) {
        throw new IllegalArgumentException("'batch' must be at least 1");
      }
    }

    /**
     * Lease 1 minute, 10 attempts, backoff from 10 seconds doubling up to 1 hour (about 2.5 hours
     * in all), batches of 20, polling every second.
     */
    public static Settings defaults() {
      return new Settings(
          Duration.ofMinutes(1),
          10,
          Duration.ofSeconds(10),
          Duration.ofHours(1),
          20,
          Duration.ofSeconds(1));
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first). */
    public Duration backoff(int attempt) {
      Duration wait = firstBackoff;
      for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
        wait = wait.multipliedBy(2);
      }
      return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static void requirePositive(Duration d, String name) {
      Objects.requireNonNull(d, "'" + name + "' must not be null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("'" + name + "' must be positive");
      }
    }
  }

  /** Hears how deliveries went: for logs and metrics. */
  public interface Listener {
    default void delivered(OutboxEntry entry) {}

    default void retrying(OutboxEntry entry, String error, Instant nextAttemptAt) {}

    default void failed(OutboxEntry entry, String error) {}

    /** The outbox itself could not be read or written; the loop tries again after a poll. */
    default void storeFailed(RuntimeException error) {}

    static Listener none() {
      return new Listener() {};
    }
  }
}
