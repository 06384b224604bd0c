package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How subscriptions move, as Stripe moves them: created by a paid Checkout session, changed,
 * scheduled to end, canceled, renewed at the period's end (charged to the customer's card), retried
 * on the dunning schedule until {@code unpaid}, trials ending. Every move emits the events Stripe
 * would. Call under the store's lock ({@link SandboxStore#write}).
 */
final class SubscriptionLifecycle {
  private static final long DAY = 86_400;
  private static final long TRIAL_WILL_END_NOTICE = 3 * DAY;

  private final SandboxStore store;
  private final StripeJson json;
  private final List<Integer> dunningRetryDays;

  SubscriptionLifecycle(SandboxStore store, StripeJson json, List<Integer> dunningRetryDays) {
    this.store = store;
    this.json = json;
    this.dunningRetryDays = List.copyOf(dunningRetryDays);
  }

  /** Pays a Checkout session with an attached card: customer, subscription, invoice, events. */
  Subscription completeCheckout(
      CheckoutSession session, Card card, String email, Integer percentOff, String code) {
    long now = store.now();
    Customer customer;
    if (session.customer != null) {
      customer = store.customers.get(session.customer);
    } else {
      customer = new Customer(Ids.next("cus"), now, null, email, new LinkedHashMap<>());
      store.customers.put(customer.id, customer);
      emit("customer.created", json.customer(customer), null);
    }
    customer.card = card;
    Price price = store.prices.get(session.priceId);
    Subscription s =
        new Subscription(
            Ids.next("sub"),
            now,
            customer.id,
            price.id,
            new LinkedHashMap<>(session.subscriptionMetadata));
    s.quantity = session.quantity;
    s.startDate = now;
    s.periodStart = now;
    s.percentOff = percentOff;
    s.promotionCode = code;
    if (session.trialPeriodDays != null) {
      s.status = "trialing";
      s.trialStart = now;
      s.trialEnd = now + session.trialPeriodDays * DAY;
      s.billingCycleAnchor = s.trialEnd;
      s.cyclesFromAnchor = 0;
      s.periodEnd = s.trialEnd;
    } else {
      s.status = "active";
      s.billingCycleAnchor = now;
      s.cyclesFromAnchor = 1;
      s.periodEnd = periodEnd(s, price);
    }
    store.subscriptions.put(s.id, s);
    emit("customer.subscription.created", json.subscription(s, Set.of()), null);
    long amount = "trialing".equals(s.status) ? 0 : price.unitAmount * s.quantity;
    String description =
        "trialing".equals(s.status)
            ? "Trial period for " + productName(price)
            : s.quantity + " × " + productName(price);
    Invoice first =
        invoice(
            s,
            "subscription_create",
            List.of(line(amount, description, s.periodStart, s.periodEnd, price.id, false)),
            now,
            now);
    // The first charge succeeds even with the "fails later" card: it fails at the next renewal.
    paid(first);
    if ("trialing".equals(s.status) && s.trialEnd - TRIAL_WILL_END_NOTICE <= now) {
      trialWillEnd(s);
    }
    ObjectNode before = json.checkoutSession(session, Set.of());
    session.customer = customer.id;
    session.subscription = s.id;
    session.status = "complete";
    session.paymentStatus = first.amountDue == 0 ? "no_payment_required" : "paid";
    session.amountTotal = first.amountDue;
    session.amountDiscount = first.discount;
    emit(
        "checkout.session.completed",
        json.checkoutSession(session, Set.of()),
        EventLog.previousAttributes(before, json.checkoutSession(session, Set.of())));
    return s;
  }

  /** Applies {@code change} and emits {@code customer.subscription.updated} if anything moved. */
  void update(Subscription s, Runnable change) {
    ObjectNode before = json.subscription(s, Set.of());
    change.run();
    ObjectNode after = json.subscription(s, Set.of());
    if (!before.equals(after)) {
      emit("customer.subscription.updated", after, EventLog.previousAttributes(before, after));
    }
  }

  /**
   * Swaps the item's price. {@code create_prorations} credits the unused time of the old price and
   * charges the rest of the period at the new one on the next invoice; {@code always_invoice}
   * invoices that at once; {@code none} does neither. Call inside {@link #update}.
   */
  void changePrice(Subscription s, Price next, String prorationBehavior) {
    Price current = store.prices.get(s.priceId);
    if (current.id.equals(next.id)) {
      return;
    }
    long now = store.now();
    List<InvoiceLine> prorations = new ArrayList<>();
    if (!"trialing".equals(s.status) && !"none".equals(prorationBehavior)) {
      double remaining = (double) (s.periodEnd - now) / Math.max(1, s.periodEnd - s.periodStart);
      prorations.add(
          line(
              -Math.round(current.unitAmount * s.quantity * remaining),
              "Unused time on " + productName(current),
              now,
              s.periodEnd,
              current.id,
              true));
      prorations.add(
          line(
              Math.round(next.unitAmount * s.quantity * remaining),
              "Remaining time on " + productName(next),
              now,
              s.periodEnd,
              next.id,
              true));
    }
    s.priceId = next.id;
    if ("always_invoice".equals(prorationBehavior) && !prorations.isEmpty()) {
      charge(invoice(s, "subscription_update", prorations, now, now));
    } else {
      s.pendingProrations.addAll(prorations);
    }
  }

  /** Stripe keeps {@code cancel_at} at the period end while the flag is set. */
  void cancelAtPeriodEnd(Subscription s, boolean cancel) {
    s.cancelAtPeriodEnd = cancel;
    s.cancelAt = cancel ? Long.valueOf(s.periodEnd) : null;
    s.canceledAt = cancel ? Long.valueOf(store.now()) : null;
    s.cancellationReason = cancel ? "cancellation_requested" : null;
  }

  void cancelAt(Subscription s, Long at) {
    s.cancelAtPeriodEnd = false;
    s.cancelAt = at;
    s.canceledAt = at == null ? null : Long.valueOf(store.now());
    s.cancellationReason = at == null ? null : "cancellation_requested";
  }

  /** Makes a schedule from the subscription: one phase, the current period at its price. */
  Schedule attachSchedule(Subscription s, Map<String, String> metadata) {
    Schedule schedule =
        new Schedule(Ids.next("sub_sched"), store.now(), s.customer, new LinkedHashMap<>(metadata));
    schedule.subscription = s.id;
    schedule.phases.add(new Schedule.Phase(s.periodStart, s.periodEnd, s.priceId, s.quantity));
    store.schedules.put(schedule.id, schedule);
    emit("subscription_schedule.created", json.schedule(schedule), null);
    update(s, () -> s.schedule = schedule.id);
    return schedule;
  }

  /** Applies {@code change} and emits {@code subscription_schedule.updated} if anything moved. */
  void updateSchedule(Schedule schedule, Runnable change) {
    ObjectNode before = json.schedule(schedule);
    change.run();
    ObjectNode after = json.schedule(schedule);
    if (!before.equals(after)) {
      emit("subscription_schedule.updated", after, EventLog.previousAttributes(before, after));
    }
  }

  /**
   * Ends a schedule as {@code released}, {@code completed} or {@code canceled}: the subscription is
   * detached and goes on as it is (unless canceled with it).
   */
  void endSchedule(Schedule schedule, String status) {
    long now = store.now();
    Subscription s = store.subscriptions.get(schedule.subscription);
    schedule.status = status;
    schedule.releasedSubscription = "canceled".equals(status) ? null : schedule.subscription;
    schedule.subscription = "canceled".equals(status) ? schedule.subscription : null;
    switch (status) {
      case "released" -> schedule.releasedAt = now;
      case "completed" -> schedule.completedAt = now;
      default -> schedule.canceledAt = now;
    }
    emit("subscription_schedule." + status, json.schedule(schedule), null);
    if (!s.ended()) {
      update(s, () -> s.schedule = null);
    } else {
      s.schedule = null;
    }
  }

  /**
   * At a period boundary: the attached schedule's phase starting there moves the price (no
   * proration, as the phase was paid for); a schedule whose last phase has run ends by its end
   * behavior. Call before the renewal, so the renewal invoices the new price.
   */
  private void advanceSchedule(Subscription s) {
    Schedule schedule = s.schedule == null ? null : store.schedules.get(s.schedule);
    if (schedule == null || !schedule.live()) {
      return;
    }
    Schedule.Phase next = schedule.startingAt(s.periodEnd);
    if (next != null) {
      Price price = store.prices.get(next.priceId);
      update(
          s,
          () -> {
            changePrice(s, price, "none");
            s.quantity = next.quantity;
          });
      // Stripe reports the phase change as an update of the schedule (its current phase moved).
      emit("subscription_schedule.updated", json.schedule(schedule), null);
      return;
    }
    Schedule.Phase last = schedule.phases.get(schedule.phases.size() - 1);
    if (last.start < s.periodEnd && s.periodStart >= last.start) {
      if ("cancel".equals(schedule.endBehavior)) {
        endSchedule(schedule, "completed");
        cancelNow(s, "cancellation_requested");
      } else {
        endSchedule(schedule, "completed");
      }
    }
  }

  /** Ends the subscription now; its open invoices are no longer retried. */
  void cancelNow(Subscription s, String reason) {
    long now = store.now();
    Schedule schedule = s.schedule == null ? null : store.schedules.get(s.schedule);
    if (schedule != null && schedule.live()) {
      // Canceling a scheduled subscription cancels its schedule with it.
      schedule.status = "canceled";
      schedule.canceledAt = now;
      s.schedule = null;
      emit("subscription_schedule.canceled", json.schedule(schedule), null);
    }
    s.status = "canceled";
    s.canceledAt = s.canceledAt == null ? Long.valueOf(now) : s.canceledAt;
    s.endedAt = now;
    s.cancellationReason = reason;
    for (Invoice i : store.invoices.values()) {
      if (i.subscription.equals(s.id) && "open".equals(i.status)) {
        i.nextPaymentAttempt = null;
      }
    }
    emit("customer.subscription.deleted", json.subscription(s, Set.of()), null);
  }

  /** A new card pays the customer's failed invoices at once, as updating it in the Portal does. */
  void cardUpdated(Customer customer) {
    for (Subscription s : List.copyOf(store.subscriptions.values())) {
      if (s.customer.equals(customer.id) && !s.ended()) {
        for (Invoice i : List.copyOf(store.invoices.values())) {
          if (i.subscription.equals(s.id) && "open".equals(i.status) && i.attemptCount > 0) {
            charge(i);
          }
        }
      }
    }
  }

  /** Moves the test clock to {@code target}, processing everything due on the way, in order. */
  void advanceTo(Instant target) {
    long limit = target.getEpochSecond();
    for (int guard = 0; guard < 100_000; guard++) {
      Optional<Due> due = nextDue().filter(d -> d.at() <= limit);
      if (due.isEmpty()) {
        store.clock.set(target);
        return;
      }
      if (due.get().at() > store.now()) {
        store.clock.set(Instant.ofEpochSecond(due.get().at()));
      }
      due.get().action().run();
    }
    throw new IllegalStateException("the test clock found no end to due work before " + target);
  }

  private record Due(long at, Runnable action) {}

  private Optional<Due> nextDue() {
    List<Due> due = new ArrayList<>();
    for (CheckoutSession cs : store.checkoutSessions.values()) {
      if ("open".equals(cs.status)) {
        due.add(new Due(cs.expiresAt, () -> expire(cs)));
      }
    }
    for (Subscription s : store.subscriptions.values()) {
      if (s.ended()) {
        continue;
      }
      if ("trialing".equals(s.status) && !s.trialWillEndSent) {
        due.add(new Due(s.trialEnd - TRIAL_WILL_END_NOTICE, () -> trialWillEnd(s)));
      }
      if (s.cancelAt != null) {
        due.add(new Due(s.cancelAt, () -> cancelNow(s, "cancellation_requested")));
      }
      boolean endsFirst = s.cancelAt != null && s.cancelAt <= s.periodEnd;
      if (!endsFirst && Set.of("active", "trialing", "past_due").contains(s.status)) {
        due.add(new Due(s.periodEnd, () -> renew(s)));
      }
    }
    for (Invoice i : store.invoices.values()) {
      if ("open".equals(i.status) && i.nextPaymentAttempt != null) {
        due.add(new Due(i.nextPaymentAttempt, () -> charge(i)));
      }
    }
    return due.stream().min(Comparator.comparingLong(Due::at));
  }

  private void expire(CheckoutSession cs) {
    ObjectNode before = json.checkoutSession(cs, Set.of());
    cs.status = "expired";
    ObjectNode after = json.checkoutSession(cs, Set.of());
    emit("checkout.session.expired", after, EventLog.previousAttributes(before, after));
  }

  private void trialWillEnd(Subscription s) {
    s.trialWillEndSent = true;
    emit("customer.subscription.trial_will_end", json.subscription(s, Set.of()), null);
  }

  private void renew(Subscription s) {
    advanceSchedule(s);
    if (s.ended()) {
      return;
    }
    Price price = store.prices.get(s.priceId);
    long previousStart = s.periodStart;
    update(
        s,
        () -> {
          s.periodStart = s.periodEnd;
          s.cyclesFromAnchor++;
          s.periodEnd = periodEnd(s, price);
          if ("trialing".equals(s.status)) {
            s.status = "active";
          }
        });
    List<InvoiceLine> lines = new ArrayList<>(s.pendingProrations);
    s.pendingProrations.clear();
    lines.add(
        line(
            price.unitAmount * s.quantity,
            s.quantity + " × " + productName(price),
            s.periodStart,
            s.periodEnd,
            price.id,
            false));
    // Like Stripe's, the invoice's own period is the one before; its line names the new one.
    charge(invoice(s, "subscription_cycle", lines, previousStart, s.periodStart));
  }

  /** Tries to collect an open invoice with the customer's card, then settles the status. */
  private void charge(Invoice i) {
    Customer customer = store.customers.get(i.customer);
    if (i.amountDue == 0 || (customer.card != null && !customer.card.failsCharges())) {
      paid(i);
    } else {
      long now = store.now();
      i.attemptCount++;
      if (i.firstFailedAt == null) {
        i.firstFailedAt = now;
      }
      int retriesDone = i.attemptCount - 1;
      i.nextPaymentAttempt =
          retriesDone < dunningRetryDays.size()
              ? Long.valueOf(i.firstFailedAt + dunningRetryDays.get(retriesDone) * DAY)
              : null;
      emit("invoice.payment_failed", json.invoice(i), null);
    }
    Subscription s = store.subscriptions.get(i.subscription);
    if (!s.ended()) {
      update(s, () -> s.status = settledStatus(s));
    }
  }

  private void paid(Invoice i) {
    i.attemptCount++;
    i.status = "paid";
    i.amountPaid = i.amountDue;
    i.nextPaymentAttempt = null;
    emit("invoice.payment_succeeded", json.invoice(i), null);
  }

  // An open invoice that failed makes the subscription past_due; one whose retries ran out, unpaid.
  private String settledStatus(Subscription s) {
    if ("trialing".equals(s.status)) {
      return s.status;
    }
    boolean failing = false;
    for (Invoice i : store.invoices.values()) {
      if (i.subscription.equals(s.id) && "open".equals(i.status) && i.attemptCount > 0) {
        if (i.nextPaymentAttempt == null) {
          return "unpaid";
        }
        failing = true;
      }
    }
    return failing ? "past_due" : "active";
  }

  private Invoice invoice(
      Subscription s, String reason, List<InvoiceLine> lines, long periodStart, long periodEnd) {
    Price price = store.prices.get(s.priceId);
    Invoice i =
        new Invoice(
            Ids.next("in"), store.now(), s, lines, price.currency, reason, periodStart, periodEnd);
    Customer customer = store.customers.get(s.customer);
    // Stripe numbers a customer's invoices with a prefix of its own and a sequence.
    i.number =
        customer.id.substring(customer.id.indexOf('_') + 1).toUpperCase(Locale.ROOT)
            + "-"
            + String.format(Locale.ROOT, "%04d", ++customer.invoiceCount);
    store.invoices.put(i.id, i);
    s.latestInvoice = i.id;
    return i;
  }

  private static InvoiceLine line(
      long amount, String description, long start, long end, String priceId, boolean proration) {
    return new InvoiceLine(Ids.next("il"), amount, description, start, end, priceId, proration);
  }

  private String productName(Price price) {
    Product product = store.products.get(price.product);
    return product == null ? price.id : product.name;
  }

  // Periods are counted from the anchor, so a 31st-of-month anchor does not drift to the 28th.
  private static long periodEnd(Subscription s, Price price) {
    return price.after(s.billingCycleAnchor, s.cyclesFromAnchor);
  }

  private void emit(String type, ObjectNode object, ObjectNode previous) {
    store.events.emit(type, object, previous, store.now());
  }
}
