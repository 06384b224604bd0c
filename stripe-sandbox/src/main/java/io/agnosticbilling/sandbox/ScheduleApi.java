package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/subscription_schedules}: made {@code from_subscription} only, updated to phases that
 * change the price at the end of the current period, released, canceled, retrieved and listed. The
 * phase change itself happens when the test clock passes the boundary ({@link
 * SubscriptionLifecycle}).
 */
final class ScheduleApi {
  private final SandboxStore store;
  private final StripeJson json;
  private final SubscriptionLifecycle lifecycle;

  ScheduleApi(SandboxStore store, StripeJson json, SubscriptionLifecycle lifecycle) {
    this.store = store;
    this.json = json;
    this.lifecycle = lifecycle;
  }

  ObjectNode create(ApiRequest request) {
    Params p = request.params().allowOnly("from_subscription", "metadata", "expand");
    // Stripe refuses phases (or any other setting) beside from_subscription.
    Subscription s = store.subscription(p.required("from_subscription"), "from_subscription");
    if (s.ended()) {
      throw StripeError.invalid(
          "from_subscription", "You cannot create a schedule from a canceled subscription.");
    }
    if (s.schedule != null) {
      throw StripeError.invalid(
          "from_subscription",
          "You cannot migrate a subscription that is already attached to a schedule: `"
              + s.schedule
              + "`.");
    }
    Schedule schedule = lifecycle.attachSchedule(s, Metadata.of(p));
    return json.schedule(schedule);
  }

  ObjectNode update(ApiRequest request) {
    Params p =
        request
            .params()
            .allowOnly("phases", "end_behavior", "proration_behavior", "metadata", "expand");
    Schedule schedule = store.schedule(request.id(), "id");
    if (!schedule.live()) {
      throw StripeError.invalid(
          null, "You cannot update a subscription schedule that is " + schedule.status + ".");
    }
    Subscription s = store.subscriptions.get(schedule.subscription);
    String proration = p.string("proration_behavior").orElse("create_prorations");
    if (!SubscriptionApi.PRORATIONS.contains(proration)) {
      throw StripeError.invalid("proration_behavior", "Invalid proration_behavior: " + proration);
    }
    String endBehavior = p.string("end_behavior").orElse(schedule.endBehavior);
    if (!Set.of("release", "cancel").contains(endBehavior)) {
      throw StripeError.invalid("end_behavior", "Invalid end_behavior: " + endBehavior);
    }
    List<Schedule.Phase> phases = p.has("phases[0][items][0][price]") ? phases(p, s) : null;
    var metadata = Metadata.of(p);
    lifecycle.updateSchedule(
        schedule,
        () -> {
          if (phases != null) {
            schedule.phases.clear();
            schedule.phases.addAll(phases);
          }
          schedule.endBehavior = endBehavior;
          schedule.metadata.putAll(metadata);
        });
    return json.schedule(schedule);
  }

  /**
   * The phases the sandbox can run: the current one (its start cannot move) until the end of the
   * current period, then at most one more starting there, open-ended (one period, then the end
   * behavior). Everything is checked before anything changes.
   */
  private List<Schedule.Phase> phases(Params p, Subscription s) {
    List<Schedule.Phase> phases = new ArrayList<>();
    for (int i = 0; p.has("phases[" + i + "][items][0][price]"); i++) {
      String key = "phases[" + i + "]";
      Params phase = p.nested("phases").nested(String.valueOf(i));
      phase.allowOnly(
          "items", "start_date", "end_date", "trial_end", "proration_behavior", "metadata");
      // A trial is kept as it is; the sandbox does not move or add one through a schedule.
      Long trialEnd = phase.longValue("trial_end").orElse(null);
      if (trialEnd != null && !trialEnd.equals(s.trialEnd)) {
        throw StripeError.invalid(
            key + "[trial_end]", "The sandbox keeps a subscription's own trial end only.");
      }
      if (phase.has("items[1][price]")) {
        throw StripeError.invalid(key + "[items]", "The sandbox supports one item per phase.");
      }
      Params item = phase.nested("items").nested("0");
      item.allowOnly("price", "quantity");
      Price price = store.price(item.required("price"), key + "[items][0][price]");
      if (!price.recurring() || !price.active) {
        throw StripeError.invalid(
            key + "[items][0][price]", "The price must be active and recurring.");
      }
      if (!price.currency.equals(store.prices.get(s.priceId).currency)) {
        throw StripeError.invalid(
            key + "[items][0][price]", "The price's currency must match the subscription's.");
      }
      long quantity = item.longValue("quantity").orElse(1L);
      long previousEnd = i == 0 ? s.periodStart : phases.get(i - 1).end;
      long start = phase.longValue("start_date").orElse(previousEnd);
      Long end = phase.longValue("end_date").orElse(null);
      if (start != previousEnd) {
        throw StripeError.invalid(
            key + "[start_date]",
            i == 0
                ? "The current phase's start_date cannot change."
                : "Phases must be contiguous: each starts when the previous one ends.");
      }
      if (end != null && end != s.periodEnd) {
        throw StripeError.invalid(
            key + "[end_date]",
            "The sandbox's schedules change phase at the end of the current period only ("
                + s.periodEnd
                + ").");
      }
      phases.add(new Schedule.Phase(start, end, price.id, quantity));
      if (end == null && p.has("phases[" + (i + 1) + "][items][0][price]")) {
        throw StripeError.invalid(key + "[end_date]", "Only the last phase may be open-ended.");
      }
    }
    if (phases.size() > 2) {
      throw StripeError.invalid("phases", "The sandbox supports at most two phases.");
    }
    return phases;
  }

  ObjectNode release(ApiRequest request) {
    request.params().allowOnly("preserve_cancel_date", "expand");
    Schedule schedule = store.schedule(request.id(), "id");
    if (!schedule.live()) {
      throw StripeError.invalid(
          null, "You cannot release a subscription schedule that is " + schedule.status + ".");
    }
    lifecycle.endSchedule(schedule, "released");
    return json.schedule(schedule);
  }

  ObjectNode cancel(ApiRequest request) {
    request.params().allowOnly("invoice_now", "prorate", "expand");
    Schedule schedule = store.schedule(request.id(), "id");
    if (!schedule.live()) {
      throw StripeError.invalid(
          null, "You cannot cancel a subscription schedule that is " + schedule.status + ".");
    }
    Subscription s = store.subscriptions.get(schedule.subscription);
    lifecycle.cancelNow(s, "cancellation_requested");
    return json.schedule(schedule);
  }

  ObjectNode retrieve(ApiRequest request) {
    return json.schedule(store.schedule(request.id(), "id"));
  }

  ObjectNode list(ApiRequest request) {
    Params p =
        request
            .params()
            .allowOnly("customer", "limit", "starting_after", "ending_before", "expand");
    List<Schedule> matches =
        SandboxStore.newestFirst(store.schedules.values()).stream()
            .filter(sc -> p.string("customer").map(sc.customer::equals).orElse(true))
            .toList();
    return json.page("/v1/subscription_schedules", matches, sc -> sc.id, json::schedule, p);
  }
}
