package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.PaymentRecord;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bson.Document;

/**
 * Maps an organization to its document: the subscriptions under {@code billing}, plus a copy of the
 * current subscription's fields under {@code billing.current} for the statistics aggregation.
 */
final class OrganizationMapper {
  private OrganizationMapper() {}

  static Document toDocument(Organization org, long version) {
    Document billing = new Document();
    org.customerId().ifPresent(c -> billing.append("customerId", c));
    List<Document> subscriptions = new ArrayList<>();
    for (Subscription s : org.subscriptions()) {
      subscriptions.add(subscription(s));
    }
    billing.append("subscriptions", subscriptions);
    org.currentSubscription()
        .ifPresent(
            s ->
                billing
                    .append("current", current(s))
                    .append("currentPeriodStart", date(s.currentPeriodStart()))
                    .append("currentPeriodEnd", date(s.currentPeriodEnd()))
                    .append("lastEventCreated", s.lastEventCreated()));
    org.lastPayment().ifPresent(p -> billing.append("lastPayment", payment(p)));
    org.trialOfferedAt().ifPresent(t -> billing.append("trialOfferedAt", date(t)));
    return new Document("_id", org.id().value())
        .append("name", org.name())
        .append("createdAt", date(org.createdAt()))
        // Informational: the plan subscribed to, not the effective plan (that needs the clock).
        .append(
            "plan",
            org.currentSubscription().map(s -> s.plan().value()).orElse(PlanId.FREE.value()))
        .append("billing", billing)
        .append("version", version);
  }

  static Organization fromDocument(Document document) {
    StoredDocument d = StoredDocument.of(Schema.ORGANIZATIONS, document);
    OrganizationId id = d.parsed("_id", OrganizationId::of);
    String name = d.string("name");
    Instant createdAt = d.instant("createdAt");
    long version = d.longValue("version");
    Optional<StoredDocument> billing = d.optionalSub("billing");
    Optional<String> customerId = billing.flatMap(b -> b.optionalString("customerId"));
    List<Subscription> subscriptions = new ArrayList<>();
    Optional<PaymentRecord> lastPayment = Optional.empty();
    Optional<Instant> trialOfferedAt = Optional.empty();
    if (billing.isPresent()) {
      trialOfferedAt = billing.get().optionalInstant("trialOfferedAt");
      for (StoredDocument s : billing.get().subList("subscriptions")) {
        subscriptions.add(subscription(s));
      }
      lastPayment = billing.get().optionalSub("lastPayment").map(OrganizationMapper::payment);
    }
    try {
      return Organization.restore(
          id, name, createdAt, customerId, subscriptions, lastPayment, trialOfferedAt, version);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw d.rejected(e);
    }
  }

  private static Document subscription(Subscription s) {
    Document d =
        new Document("id", s.id())
            .append("customerId", s.customerId())
            .append("status", s.status().wireName())
            .append("plan", s.plan().value())
            .append("priceId", s.priceId())
            .append("currentPeriodStart", date(s.currentPeriodStart()))
            .append("currentPeriodEnd", date(s.currentPeriodEnd()))
            .append("cancelAtPeriodEnd", s.cancelAtPeriodEnd())
            .append("startedAt", date(s.startedAt()))
            .append("lastEventCreated", s.lastEventCreated());
    s.canceledAt().ifPresent(t -> d.append("canceledAt", date(t)));
    s.trialEnd().ifPresent(t -> d.append("trialEnd", date(t)));
    s.pastDueSince().ifPresent(t -> d.append("pastDueSince", date(t)));
    return d;
  }

  private static Document current(Subscription s) {
    Document d =
        new Document("subscriptionId", s.id())
            .append("status", s.status().wireName())
            .append("plan", s.plan().value())
            .append("cancelAtPeriodEnd", s.cancelAtPeriodEnd())
            .append("currentPeriodStart", date(s.currentPeriodStart()))
            .append("currentPeriodEnd", date(s.currentPeriodEnd()))
            // For the reports' grace grouping; older documents lack it and fall back to the
            // period start there.
            .append("graceStartsAt", date(s.graceStartsAt()));
    return d;
  }

  private static Subscription subscription(StoredDocument s) {
    String id = s.string("id");
    String customerId = s.string("customerId");
    SubscriptionStatus status = s.named("status", SubscriptionStatus::fromWireName);
    PlanId plan = s.parsed("plan", PlanId::of);
    String priceId = s.string("priceId");
    Instant periodStart = s.instant("currentPeriodStart");
    Instant periodEnd = s.instant("currentPeriodEnd");
    boolean cancelAtPeriodEnd = s.bool("cancelAtPeriodEnd");
    Optional<Instant> canceledAt = s.optionalInstant("canceledAt");
    Optional<Instant> trialEnd = s.optionalInstant("trialEnd");
    Instant startedAt = s.instant("startedAt");
    long lastEventCreated = s.longValue("lastEventCreated");
    Optional<Instant> pastDueSince = s.optionalInstant("pastDueSince");
    return new Subscription(
        id,
        customerId,
        status,
        plan,
        priceId,
        periodStart,
        periodEnd,
        cancelAtPeriodEnd,
        canceledAt,
        trialEnd,
        startedAt,
        lastEventCreated,
        pastDueSince);
  }

  private static Document payment(PaymentRecord p) {
    Document d =
        new Document("invoiceId", p.invoiceId())
            .append("outcome", p.outcome().name().toLowerCase(Locale.ROOT))
            .append("amountMinor", p.amountMinor())
            .append("currency", p.currency())
            .append("attemptCount", p.attemptCount())
            .append("at", date(p.at()));
    p.subscriptionId().ifPresent(s -> d.append("subscriptionId", s));
    p.nextAttemptAt().ifPresent(t -> d.append("nextAttemptAt", date(t)));
    return d;
  }

  private static PaymentRecord payment(StoredDocument p) {
    String invoiceId = p.string("invoiceId");
    PaymentRecord.Outcome outcome =
        p.named(
            "outcome",
            name ->
                Arrays.stream(PaymentRecord.Outcome.values())
                    .filter(o -> o.name().equalsIgnoreCase(name))
                    .findFirst());
    try {
      return new PaymentRecord(
          invoiceId,
          p.optionalString("subscriptionId"),
          outcome,
          p.longValue("amountMinor"),
          p.string("currency"),
          p.intValue("attemptCount"),
          p.optionalInstant("nextAttemptAt"),
          p.instant("at"));
    } catch (IllegalArgumentException e) {
      throw p.rejected(e);
    }
  }
}
