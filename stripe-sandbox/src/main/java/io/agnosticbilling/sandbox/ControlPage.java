package io.agnosticbilling.sandbox;

import static io.agnosticbilling.sandbox.Html.escape;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;

/**
 * The control page at {@code /sandbox} for people trying the sandbox: the test clock (advance by
 * hours and days), the webhook faults, the subscriptions and the latest events with their delivery.
 */
final class ControlPage {
  private static final int EVENTS_SHOWN = 100;
  private static final long MAX_ADVANCE_DAYS = 3660;

  private final StripeSandbox sandbox;

  ControlPage(StripeSandbox sandbox) {
    this.sandbox = sandbox;
  }

  void register(Javalin app) {
    app.get("/sandbox", this::show);
    app.post("/sandbox/clock", this::advance);
    app.post("/sandbox/faults", this::faults);
  }

  private void advance(Context ctx) {
    long days;
    long hours;
    try {
      days = Long.parseLong(blankToZero(ctx.formParam("days")));
      hours = Long.parseLong(blankToZero(ctx.formParam("hours")));
    } catch (NumberFormatException e) {
      Html.render(ctx, 400, "Sandbox", page("Days and hours must be whole numbers."));
      return;
    }
    if (days < 0 || hours < 0 || days > MAX_ADVANCE_DAYS || hours > 24 * MAX_ADVANCE_DAYS) {
      Html.render(ctx, 400, "Sandbox", page("Advance by 0 to " + MAX_ADVANCE_DAYS + " days."));
      return;
    }
    sandbox.advanceClock(Duration.ofDays(days).plusHours(hours));
    ctx.redirect("/sandbox", HttpStatus.SEE_OTHER);
  }

  private void faults(Context ctx) {
    long delayMillis;
    try {
      delayMillis = Long.parseLong(blankToZero(ctx.formParam("delay_ms")));
    } catch (NumberFormatException e) {
      delayMillis = -1;
    }
    if (delayMillis < 0 || delayMillis > 600_000) {
      Html.render(ctx, 400, "Sandbox", page("The delay must be 0 to 600000 ms."));
      return;
    }
    sandbox
        .faults()
        .duplicate(ctx.formParam("duplicate") != null)
        .shuffle(ctx.formParam("shuffle") != null)
        .dropFirstAttempt(ctx.formParam("drop") != null)
        .delay(Duration.ofMillis(delayMillis));
    ctx.redirect("/sandbox", HttpStatus.SEE_OTHER);
  }

  private void show(Context ctx) {
    Html.render(ctx, 200, "Sandbox", page(null));
  }

  private String page(String error) {
    Faults faults = sandbox.faults();
    StringBuilder body = new StringBuilder("<main class=\"card wide\"><h1>Stripe sandbox</h1>");
    if (error != null) {
      body.append("<p class=\"error\" role=\"alert\">").append(escape(error)).append("</p>");
    }
    body.append("<p>API base <code>")
        .append(escape(sandbox.baseUrl()))
        .append("</code> · webhooks to <code>")
        .append(escape(sandbox.webhookEndpoint().map(Object::toString).orElse("nowhere")))
        .append("</code></p>");
    body.append("<section><h2>Test clock</h2><p data-testid=\"sandbox-clock\">")
        .append(Html.dateTime(sandbox.clock().instant().getEpochSecond()))
        .append("</p><form method=\"post\" action=\"/sandbox/clock\" class=\"row\">")
        .append(
            "<label>Days<input name=\"days\" inputmode=\"numeric\" value=\"0\""
                + " data-testid=\"sandbox-advance-days\"></label>"
                + "<label>Hours<input name=\"hours\" inputmode=\"numeric\" value=\"0\""
                + " data-testid=\"sandbox-advance-hours\"></label>")
        .append(Html.button("sandbox-advance", "Advance", "primary"))
        .append("</form></section>");
    body.append("<section><h2>Webhook faults</h2><form method=\"post\" action=\"/sandbox/faults\"")
        .append(" class=\"stack\">")
        .append(checkbox("duplicate", "Deliver every event twice", faults.duplicate()))
        .append(checkbox("shuffle", "Shuffle the events of each action", faults.shuffle()))
        .append(
            checkbox(
                "drop", "Drop each first attempt (redelivered later)", faults.dropFirstAttempt()))
        .append("<label>Delay before the first attempt (ms)<input name=\"delay_ms\"")
        .append(" inputmode=\"numeric\" data-testid=\"sandbox-fault-delay\" value=\"")
        .append(faults.delay().toMillis())
        .append("\"></label>")
        .append(Html.button("sandbox-faults-save", "Save faults", "secondary"))
        .append("</form></section>");
    body.append("<section><h2>Subscriptions</h2><table><tr><th>Id</th><th>Customer</th>")
        .append("<th>Status</th><th>Period end</th><th>Cancel at</th></tr>");
    for (List<String> row : sandbox.subscriptionRows()) {
      body.append("<tr>");
      row.forEach(cell -> body.append("<td>").append(escape(cell)).append("</td>"));
      body.append("</tr>");
    }
    body.append("</table></section>");
    body.append(
            "<section><h2>Events</h2><table data-testid=\"sandbox-events\"><tr><th>Created</th>")
        .append("<th>Type</th><th>Id</th><th>Delivery</th></tr>");
    List<SandboxEvent> events = sandbox.events();
    for (int i = events.size() - 1; i >= Math.max(0, events.size() - EVENTS_SHOWN); i--) {
      SandboxEvent e = events.get(i);
      body.append("<tr><td>")
          .append(Html.dateTime(e.created().getEpochSecond()))
          .append("</td><td>")
          .append(escape(e.type()))
          .append("</td><td><code>")
          .append(escape(e.id()))
          .append("</code></td><td>")
          .append(
              escape(
                  (e.delivered() ? "delivered" : e.lastResult())
                      + " ("
                      + e.attempts()
                      + (e.attempts() == 1 ? " attempt)" : " attempts)")))
          .append("</td></tr>");
    }
    return body.append("</table></section></main>").toString();
  }

  private static String checkbox(String name, String label, boolean checked) {
    return "<label class=\"check\"><input type=\"checkbox\" name=\""
        + name
        + "\" data-testid=\"sandbox-fault-"
        + name
        + "\""
        + (checked ? " checked" : "")
        + "> "
        + escape(label)
        + "</label>";
  }

  private static String blankToZero(String value) {
    return value == null || value.isBlank() ? "0" : value.trim();
  }
}
