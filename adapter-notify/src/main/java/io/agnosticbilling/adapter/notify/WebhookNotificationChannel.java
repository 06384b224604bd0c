package io.agnosticbilling.adapter.notify;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.port.out.NotificationChannel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Channel {@code webhook}: POSTs each notification as JSON to the host app, signed in {@code
 * Billing-Signature} like Stripe's webhooks. A 2xx answer is delivery; anything else (or no answer
 * within the timeout) fails the attempt, which the dispatcher retries.
 */
public final class WebhookNotificationChannel implements NotificationChannel {
  public static final String NAME = "webhook";

  private final URI url;
  private final String secret;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient client;

  public WebhookNotificationChannel(URI url, String secret, Duration timeout, Clock clock) {
    this.url = Objects.requireNonNull(url, "'url' must not be null");
    this.secret = Objects.requireNonNull(secret, "'secret' must not be null");
    this.timeout = Objects.requireNonNull(timeout, "'timeout' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void deliver(Notification notification) {
    String body = NotificationJson.of(notification);
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "AgnosticBilling-Notifications/1")
            .header("Billing-Notification-Id", notification.id())
            .header(
                NotificationSignature.HEADER,
                NotificationSignature.header(secret, clock.instant(), body))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<Void> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new IllegalStateException(
          "POST "
              + url.getHost()
              + " failed: "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while posting to " + url.getHost(), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("receiver answered " + response.statusCode());
    }
  }
}
