package io.agnosticbilling.adapter.stripe;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.agnosticbilling.domain.event.BillingEvent.ScheduleChanged;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.event.EventHeader;
import io.agnosticbilling.domain.event.InvoiceInfo;
import io.agnosticbilling.domain.invoice.InvoiceSummary;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.subscription.ScheduledChange;
import io.agnosticbilling.domain.subscription.SubscriptionSchedule;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps Stripe's JSON objects (subscription, invoice, Checkout session) to domain values. Reads the
 * raw JSON rather than stripe-java's typed models so that payloads of neighbouring API versions
 * (fields moved, fields added) still translate. Every failure is an {@link
 * IllegalArgumentException} naming the object and the field.
 *
 * <p>A webhook's object reaches it through {@link StripePayloadReader}, which builds only the
 * fields read here: a newly read field must be added to that reader's shapes too ({@code
 * StripePayloadReaderTest} fails until it is).
 */
final class StripeObjectMapper {
  static final String ORGANIZATION_METADATA_KEY = "organizationId";

  private StripeObjectMapper() {}

  static SubscriptionSnapshot subscription(JsonObject sub) {
    Fields f = new Fields(sub, "subscription");
    String id = f.requiredString("id");
    Fields in = new Fields(sub, "subscription " + id);
    JsonObject item = in.firstItem();
    Fields itemFields = new Fields(item, "subscription " + id + " items.data[0]");
    // Subscriptions created through the legacy Plans API name a plan, not a price.
    Optional<Fields> price =
        itemFields
            .object("price")
            .or(() -> itemFields.object("plan"))
            .map(object -> new Fields(object, "subscription " + id + " items.data[0].price"));
    String priceId =
        price.flatMap(p -> p.string("id")).orElseThrow(() -> in.missing("items.data[0].price.id"));
    // The product (an id, or an object when expanded) recognizes a price the catalog retired.
    Optional<String> productId = price.flatMap(p -> p.id("product"));
    // Current API versions keep the period on the item; older ones on the subscription itself.
    Instant periodStart =
        itemFields
            .instant("current_period_start")
            .or(() -> in.instant("current_period_start"))
            .orElseThrow(() -> in.missing("items.data[0].current_period_start"));
    Instant periodEnd =
        itemFields
            .instant("current_period_end")
            .or(() -> in.instant("current_period_end"))
            .orElseThrow(() -> in.missing("items.data[0].current_period_end"));
    String statusName = in.requiredString("status");
    SubscriptionStatus status =
        SubscriptionStatus.fromWireName(statusName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "subscription " + id + ": unknown status '" + statusName + "'"));
    // Recent API versions may schedule the end with cancel_at (Customer Portal does) instead of
    // the flag; a cancel_at at the period's end means the same thing to the domain.
    boolean cancelAtPeriodEnd =
        in.bool("cancel_at_period_end")
            || in.instant("cancel_at").map(periodEnd::equals).orElse(false);
    String customerId = in.requiredId("customer");
    Optional<OrganizationId> organizationId = organizationId(in.object("metadata"));
    Instant startedAt =
        in.instant("start_date")
            .or(() -> in.instant("created"))
            .orElseThrow(() -> in.missing("start_date"));
    Optional<Instant> canceledAt = in.instant("canceled_at");
    Optional<Instant> trialEnd = in.instant("trial_end");
    try {
      return new SubscriptionSnapshot(
          id,
          customerId,
          organizationId,
          status,
          priceId,
          periodStart,
          periodEnd,
          cancelAtPeriodEnd,
          canceledAt,
          trialEnd,
          startedAt,
          productId,
          schedule(in, id));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("subscription " + id + ": " + e.getMessage(), e);
    }
  }

  /**
   * The subscription's {@code schedule}: absent or null is none, an id (as events and listings
   * carry it) names it, an object (fetched with {@code expand[]=schedule}) is read: the change is
   * the phase that starts when the current one ends (the first phase while not started), when it
   * sells another price than the current phase.
   */
  private static SubscriptionSchedule schedule(Fields in, String subscriptionId) {
    Optional<JsonElement> field = in.get("schedule").filter(e -> !e.isJsonNull());
    if (field.isEmpty()) {
      return SubscriptionSchedule.NONE;
    }
    if (!field.get().isJsonObject()) {
      return new SubscriptionSchedule.Attached(in.requiredId("schedule"));
    }
    JsonObject object = field.get().getAsJsonObject();
    String scheduleId =
        new Fields(object, "subscription " + subscriptionId + " schedule").requiredString("id");
    Fields schedule = new Fields(object, "subscription schedule " + scheduleId);
    Optional<Instant> currentEnd =
        schedule.object("current_phase").flatMap(p -> new Fields(p, "").instant("end_date"));
    List<Fields> phases = new ArrayList<>();
    schedule
        .array("phases")
        .ifPresent(
            array ->
                array.forEach(
                    e ->
                        phases.add(
                            new Fields(
                                e.getAsJsonObject(),
                                "subscription schedule " + scheduleId + " phase"))));
    Optional<Fields> current =
        currentEnd.flatMap(
            end ->
                phases.stream()
                    .filter(p -> p.instant("end_date").equals(Optional.of(end)))
                    .findFirst());
    Optional<Fields> next =
        currentEnd.isEmpty()
            ? phases.stream().findFirst()
            : phases.stream().filter(p -> p.instant("start_date").equals(currentEnd)).findFirst();
    Optional<ScheduledChange> change =
        next.flatMap(
            phase -> {
              Fields item = phaseItem(phase);
              Optional<String> price = item.id("price");
              Optional<String> currentPrice =
                  current.map(c -> phaseItem(c)).flatMap(c -> c.id("price"));
              if (price.isEmpty() || price.equals(currentPrice)) {
                return Optional.empty();
              }
              // The product is known only when the price is expanded (an object).
              Optional<String> product =
                  item.get("price")
                      .filter(JsonElement::isJsonObject)
                      .flatMap(p -> new Fields(p.getAsJsonObject(), "").id("product"));
              return Optional.of(
                  new ScheduledChange(
                      price.get(),
                      product,
                      phase.instant("start_date").orElseThrow(() -> phase.missing("start_date"))));
            });
    return new SubscriptionSchedule.Read(scheduleId, change);
  }

  private static Fields phaseItem(Fields phase) {
    JsonArray items = phase.array("items").orElseThrow(() -> phase.missing("items"));
    if (items.isEmpty() || !items.get(0).isJsonObject()) {
      throw phase.missing("items[0]");
    }
    return new Fields(items.get(0).getAsJsonObject(), phase.where() + " items[0]");
  }

  /** The id of the subscription's first item (the product sells one price per subscription). */
  static String firstItemId(JsonObject sub) {
    Fields in = new Fields(sub, "subscription " + string(sub, "id").orElse("?"));
    return new Fields(in.firstItem(), "items.data[0]").requiredString("id");
  }

  static InvoiceInfo invoice(JsonObject invoice, AmountField amount) {
    String id = new Fields(invoice, "invoice").requiredString("id");
    Fields in = new Fields(invoice, "invoice " + id);
    Optional<JsonObject> parentDetails =
        in.object("parent")
            .flatMap(parent -> new Fields(parent, "").object("subscription_details"));
    // Recent API versions name the subscription under parent.subscription_details, older ones at
    // the top level (and their metadata under a top-level subscription_details).
    Optional<String> subscriptionId =
        parentDetails
            .flatMap(details -> new Fields(details, "").id("subscription"))
            .or(() -> in.id("subscription"));
    Optional<OrganizationId> organizationId =
        organizationId(parentDetails.flatMap(details -> new Fields(details, "").object("metadata")))
            .or(
                () ->
                    organizationId(
                        in.object("subscription_details")
                            .flatMap(details -> new Fields(details, "").object("metadata"))));
    Optional<JsonObject> period = subscriptionLinePeriod(in);
    return new InvoiceInfo(
        id,
        in.requiredId("customer"),
        subscriptionId,
        organizationId,
        in.requiredLong(amount.field),
        in.requiredString("currency"),
        (int) Math.min(in.longValue("attempt_count").orElse(0L), Integer.MAX_VALUE),
        in.instant("next_payment_attempt"),
        period
            .flatMap(p -> new Fields(p, "").instant("start"))
            .or(() -> in.instant("period_start")),
        period.flatMap(p -> new Fields(p, "").instant("end")).or(() -> in.instant("period_end")));
  }

  /**
   * An invoice of a listing. The period is the subscription line's (what was billed), else the
   * invoice's own; the amount is what was due ({@code amount_due}, never negative).
   */
  static InvoiceSummary invoiceSummary(JsonObject invoice) {
    String id = new Fields(invoice, "invoice").requiredString("id");
    Fields in = new Fields(invoice, "invoice " + id);
    Optional<JsonObject> period = subscriptionLinePeriod(in);
    Instant created = in.instant("created").orElseThrow(() -> in.missing("created"));
    return new InvoiceSummary(
        id,
        in.string("number"),
        in.requiredString("status"),
        new Money(in.requiredLong("amount_due"), in.requiredString("currency")),
        created,
        period
            .flatMap(p -> new Fields(p, "").instant("start"))
            .or(() -> in.instant("period_start"))
            .orElse(created),
        period
            .flatMap(p -> new Fields(p, "").instant("end"))
            .or(() -> in.instant("period_end"))
            .orElse(created),
        in.string("hosted_invoice_url"),
        in.string("invoice_pdf"));
  }

  /**
   * A {@code subscription_schedule.*} event's schedule: its id, its subscription (a released
   * schedule names it under {@code released_subscription}) and customer; empty when it names no
   * subscription (a schedule that never started one).
   */
  static Optional<ScheduleChanged> scheduleChanged(EventHeader header, JsonObject schedule) {
    String id = new Fields(schedule, "subscription schedule").requiredString("id");
    Fields in = new Fields(schedule, "subscription schedule " + id);
    Optional<String> subscription = in.id("subscription").or(() -> in.id("released_subscription"));
    return subscription.map(sub -> new ScheduleChanged(header, id, sub, in.requiredId("customer")));
  }

  /** Which amount an invoice event reports: what was paid, or what was due and not paid. */
  enum AmountField {
    PAID("amount_paid"),
    DUE("amount_due");

    private final String field;

    AmountField(String field) {
      this.field = field;
    }
  }

  // An invoice's own period_start/period_end cover the items collected before it (for a renewal,
  // the previous period); the subscription line's period is the one being paid for.
  private static Optional<JsonObject> subscriptionLinePeriod(Fields invoice) {
    Optional<JsonArray> lines =
        invoice.object("lines").flatMap(l -> new Fields(l, "").array("data"));
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    Optional<JsonObject> first = Optional.empty();
    for (JsonElement line : lines.get()) {
      if (!line.isJsonObject()) {
        continue;
      }
      Fields lineFields = new Fields(line.getAsJsonObject(), "");
      Optional<JsonObject> period = lineFields.object("period");
      if (first.isEmpty()) {
        first = period;
      }
      boolean fromSubscription =
          lineFields
                  .object("parent")
                  .flatMap(p -> new Fields(p, "").object("subscription_item_details"))
                  .isPresent()
              || lineFields.id("subscription").isPresent();
      if (fromSubscription && period.isPresent()) {
        return period;
      }
    }
    return first;
  }

  static CheckoutSessionInfo checkoutSession(JsonObject session) {
    String id = new Fields(session, "checkout session").requiredString("id");
    Fields in = new Fields(session, "checkout session " + id);
    Optional<OrganizationId> organizationId =
        in.string("client_reference_id")
            .flatMap(StripeObjectMapper::parseOrganizationId)
            .or(() -> organizationId(in.object("metadata")));
    return new CheckoutSessionInfo(
        id,
        organizationId,
        in.id("customer"),
        in.id("subscription"),
        in.string("status").map("complete"::equals).orElse(false));
  }

  private static Optional<OrganizationId> organizationId(Optional<JsonObject> metadata) {
    return metadata
        .flatMap(m -> string(m, ORGANIZATION_METADATA_KEY))
        .flatMap(StripeObjectMapper::parseOrganizationId);
  }

  // A value that is not one of our organization ids was set by another integration on the same
  // Stripe account: the object is not ours, which the domain resolves or ignores.
  private static Optional<OrganizationId> parseOrganizationId(String value) {
    try {
      return Optional.of(OrganizationId.of(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static Optional<String> string(JsonObject object, String name) {
    return new Fields(object, "").string(name);
  }

  /** Null-safe, type-checked reads of one JSON object's fields; {@code where} prefixes errors. */
  record Fields(JsonObject object, String where) {

    Optional<JsonElement> get(String name) {
      JsonElement value = object.get(name);
      return value == null || value.isJsonNull() ? Optional.empty() : Optional.of(value);
    }

    Optional<String> string(String name) {
      return get(name).map(v -> primitive(name, v, "a string")).map(JsonPrimitive::getAsString);
    }

    String requiredString(String name) {
      return string(name).filter(s -> !s.isBlank()).orElseThrow(() -> missing(name));
    }

    /** A reference that Stripe sends as an id or, when expanded, as an object with an id. */
    Optional<String> id(String name) {
      return get(name)
          .map(
              v ->
                  v.isJsonObject()
                      ? new Fields(v.getAsJsonObject(), where + " " + name).requiredString("id")
                      : primitive(name, v, "an id").getAsString());
    }

    String requiredId(String name) {
      return id(name).filter(s -> !s.isBlank()).orElseThrow(() -> missing(name));
    }

    Optional<Long> longValue(String name) {
      return get(name)
          .map(
              v -> {
                JsonPrimitive p = primitive(name, v, "a whole number");
                if (!p.isNumber()) {
                  throw wrongType(name, "a whole number");
                }
                try {
                  return p.getAsBigDecimal().longValueExact();
                } catch (ArithmeticException e) {
                  throw wrongType(name, "a whole number");
                }
              });
    }

    long requiredLong(String name) {
      return longValue(name).orElseThrow(() -> missing(name));
    }

    Optional<Instant> instant(String name) {
      return longValue(name).map(Instant::ofEpochSecond);
    }

    boolean bool(String name) {
      return get(name)
          .map(
              v -> {
                JsonPrimitive p = primitive(name, v, "a boolean");
                if (!p.isBoolean()) {
                  throw wrongType(name, "a boolean");
                }
                return p.getAsBoolean();
              })
          .orElse(false);
    }

    Optional<JsonObject> object(String name) {
      return get(name)
          .map(
              v -> {
                if (!v.isJsonObject()) {
                  throw wrongType(name, "an object");
                }
                return v.getAsJsonObject();
              });
    }

    Optional<JsonArray> array(String name) {
      return get(name)
          .map(
              v -> {
                if (!v.isJsonArray()) {
                  throw wrongType(name, "an array");
                }
                return v.getAsJsonArray();
              });
    }

    JsonObject firstItem() {
      JsonArray data =
          object("items")
              .flatMap(items -> new Fields(items, where + " items").array("data"))
              .orElseThrow(() -> missing("items.data"));
      if (data.isEmpty() || !data.get(0).isJsonObject()) {
        throw new IllegalArgumentException(where + ": 'items.data' has no subscription item");
      }
      return data.get(0).getAsJsonObject();
    }

    IllegalArgumentException missing(String name) {
      return new IllegalArgumentException(prefix() + "'" + name + "' is missing");
    }

    private IllegalArgumentException wrongType(String name, String expected) {
      return new IllegalArgumentException(prefix() + "'" + name + "' must be " + expected);
    }

    private JsonPrimitive primitive(String name, JsonElement value, String expected) {
      if (!value.isJsonPrimitive()) {
        throw wrongType(name, expected);
      }
      return value.getAsJsonPrimitive();
    }

    private String prefix() {
      return where.isBlank() ? "" : where + ": ";
    }
  }
}
