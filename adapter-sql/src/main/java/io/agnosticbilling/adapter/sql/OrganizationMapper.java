package io.agnosticbilling.adapter.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agnosticbilling.domain.error.StoredDataException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.PaymentRecord;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.ScheduledChange;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSchedule;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Maps an organization to its row: the aggregate as a JSON document (instants as nanoseconds since
 * the epoch, exact; documents of earlier releases hold ISO-8601 text, read as well), the customer
 * id and the current subscription's fields in columns for lookups and statistics. Reading a
 * document that does not fit fails with a {@link StoredDataException} naming the table, the
 * organization id and the field.
 */
final class OrganizationMapper {
  static final String TABLE = "organizations";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  // |seconds| below this: seconds * 10^9 + nanos fits a long.
  private static final long MAX_NANO_SECONDS = 9_000_000_000L;

  private OrganizationMapper() {}

  static String toDocument(Organization org) {
    // Written with a streaming generator: building a tree first cost as much again.
    StringWriter out = new StringWriter(512);
    try (JsonGenerator d = JSON.getFactory().createGenerator(out)) {
      d.writeStartObject();
      d.writeStringField("name", org.name());
      instant(d, "createdAt", org.createdAt());
      d.writeArrayFieldStart("subscriptions");
      for (Subscription s : org.subscriptions()) {
        d.writeStartObject();
        d.writeStringField("id", s.id());
        d.writeStringField("customerId", s.customerId());
        d.writeStringField("status", s.status().wireName());
        d.writeStringField("plan", s.plan().value());
        d.writeStringField("priceId", s.priceId());
        instant(d, "currentPeriodStart", s.currentPeriodStart());
        instant(d, "currentPeriodEnd", s.currentPeriodEnd());
        d.writeBooleanField("cancelAtPeriodEnd", s.cancelAtPeriodEnd());
        optionalInstant(d, "canceledAt", s.canceledAt());
        optionalInstant(d, "trialEnd", s.trialEnd());
        instant(d, "startedAt", s.startedAt());
        d.writeNumberField("lastEventCreated", s.lastEventCreated());
        optionalInstant(d, "pastDueSince", s.pastDueSince());
        Optional<String> scheduleId = s.schedule().id();
        if (scheduleId.isPresent()) {
          d.writeStringField("scheduleId", scheduleId.get());
          d.writeBooleanField("scheduleRead", s.schedule().read());
        }
        Optional<ScheduledChange> change = s.schedule().change();
        if (change.isPresent()) {
          ScheduledChange c = change.get();
          d.writeStringField("scheduledPriceId", c.priceId());
          if (c.productId().isPresent()) {
            d.writeStringField("scheduledProductId", c.productId().get());
          }
          instant(d, "scheduledAt", c.at());
        }
        d.writeEndObject();
      }
      d.writeEndArray();
      Optional<PaymentRecord> lastPayment = org.lastPayment();
      if (lastPayment.isPresent()) {
        PaymentRecord p = lastPayment.get();
        d.writeObjectFieldStart("lastPayment");
        d.writeStringField("invoiceId", p.invoiceId());
        if (p.subscriptionId().isPresent()) {
          d.writeStringField("subscriptionId", p.subscriptionId().get());
        }
        d.writeStringField("outcome", p.outcome().name());
        d.writeNumberField("amountMinor", p.amountMinor());
        d.writeStringField("currency", p.currency());
        d.writeNumberField("attemptCount", p.attemptCount());
        optionalInstant(d, "nextAttemptAt", p.nextAttemptAt());
        instant(d, "at", p.at());
        d.writeEndObject();
      }
      optionalInstant(d, "trialOfferedAt", org.trialOfferedAt());
      d.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the document of " + org.id(), e);
    }
    return out.toString();
  }

  /**
   * An instant as a whole number of nanoseconds since the epoch (exact, and about ten times cheaper
   * to write and read than ISO-8601 text); outside the years 1685–2255, where that number would not
   * fit a long, as ISO-8601 text. Documents written before issue 10 hold text: both are read.
   */
  private static void instant(JsonGenerator d, String name, Instant t) throws IOException {
    long seconds = t.getEpochSecond();
    if (Math.abs(seconds) < MAX_NANO_SECONDS) {
      d.writeNumberField(name, seconds * NANOS_PER_SECOND + t.getNano());
    } else {
      d.writeStringField(name, t.toString());
    }
  }

  private static void optionalInstant(JsonGenerator d, String name, Optional<Instant> t)
      throws IOException {
    if (t.isPresent()) {
      instant(d, name, t.get());
    }
  }

  static Organization fromRow(
      String id, long version, Optional<String> customerId, String document) {
    Field root;
    try {
      root = new Field(id, "", JSON.readTree(document));
    } catch (JsonProcessingException e) {
      throw new StoredDataException(
          "column 'document' of row '"
              + id
              + "' in table '"
              + TABLE
              + "' is not JSON: "
              + e.getOriginalMessage(),
          e);
    }
    if (!root.node.isObject()) {
      throw root.invalid("", "is not a JSON object");
    }
    List<Subscription> subscriptions = new ArrayList<>();
    for (Field s : root.list("subscriptions")) {
      subscriptions.add(subscription(s));
    }
    Optional<PaymentRecord> lastPayment =
        root.optional("lastPayment").map(OrganizationMapper::payment);
    try {
      return Organization.restore(
          OrganizationId.of(id),
          root.string("name"),
          root.instant("createdAt"),
          customerId,
          subscriptions,
          lastPayment,
          root.optionalInstant("trialOfferedAt"),
          version);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw StoredRow.rejected(TABLE, id, e);
    }
  }

  private static Subscription subscription(Field s) {
    try {
      return new Subscription(
          s.string("id"),
          s.string("customerId"),
          s.named("status", SubscriptionStatus::fromWireName),
          s.parsed("plan", PlanId::of),
          s.string("priceId"),
          s.instant("currentPeriodStart"),
          s.instant("currentPeriodEnd"),
          s.bool("cancelAtPeriodEnd"),
          s.optionalInstant("canceledAt"),
          s.optionalInstant("trialEnd"),
          s.instant("startedAt"),
          s.longValue("lastEventCreated"),
          s.optionalInstant("pastDueSince"),
          schedule(s));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw StoredRow.rejected(TABLE, s.id, e);
    }
  }

  // Documents written before schedules were stored have none of these fields: no schedule.
  private static SubscriptionSchedule schedule(Field s) {
    Optional<String> priceId = s.optionalString("scheduledPriceId");
    Optional<ScheduledChange> change =
        priceId.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new ScheduledChange(
                    priceId.get(),
                    s.optionalString("scheduledProductId"),
                    s.instant("scheduledAt")));
    Optional<String> id = s.optionalString("scheduleId");
    return SubscriptionSchedule.restore(id, id.isPresent() && s.bool("scheduleRead"), change);
  }

  private static PaymentRecord payment(Field p) {
    try {
      return new PaymentRecord(
          p.string("invoiceId"),
          p.optionalString("subscriptionId"),
          p.named("outcome", OrganizationMapper::outcome),
          p.longValue("amountMinor"),
          p.string("currency"),
          (int) p.longValue("attemptCount"),
          p.optionalInstant("nextAttemptAt"),
          p.instant("at"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw StoredRow.rejected(TABLE, p.id, e);
    }
  }

  private static Optional<PaymentRecord.Outcome> outcome(String name) {
    for (PaymentRecord.Outcome o : PaymentRecord.Outcome.values()) {
      if (o.name().equals(name)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  /** A JSON node inside an organization's document, with its path for error messages. */
  private static final class Field {
    final String id;
    final String path;
    final JsonNode node;

    Field(String id, String path, JsonNode node) {
      this.id = id;
      this.path = path;
      this.node = node;
    }

    String string(String name) {
      return optionalString(name).orElseThrow(() -> invalid(name, "is missing"));
    }

    Optional<String> optionalString(String name) {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (!v.isTextual()) {
        throw invalid(name, "should be text but is " + v.getNodeType());
      }
      return Optional.of(v.textValue());
    }

    long longValue(String name) {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        throw invalid(name, "is missing");
      }
      if (!v.isIntegralNumber()) {
        throw invalid(name, "should be an integer but is " + v.getNodeType());
      }
      return v.longValue();
    }

    boolean bool(String name) {
      JsonNode v = node.get(name);
      if (v == null || !v.isBoolean()) {
        throw invalid(name, v == null ? "is missing" : "should be a boolean");
      }
      return v.booleanValue();
    }

    Instant instant(String name) {
      return optionalInstant(name).orElseThrow(() -> invalid(name, "is missing"));
    }

    Optional<Instant> optionalInstant(String name) {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        long nanos = v.longValue();
        return Optional.of(
            Instant.ofEpochSecond(
                Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND)));
      }
      if (!v.isTextual()) {
        throw invalid(name, "should be an instant but is " + v.getNodeType());
      }
      String text = v.textValue();
      try {
        return Optional.of(Instant.parse(text));
      } catch (DateTimeParseException e) {
        throw invalid(name, "is not an instant: '" + text + "'");
      }
    }

    <T> T named(String name, Function<String, Optional<T>> parser) {
      String value = string(name);
      return parser
          .apply(value)
          .orElseThrow(() -> invalid(name, "has unknown value '" + value + "'"));
    }

    <T> T parsed(String name, Function<String, T> parser) {
      String value = string(name);
      try {
        return parser.apply(value);
      } catch (RuntimeException e) {
        throw new StoredDataException(where(name) + " is invalid: " + e.getMessage(), e);
      }
    }

    Optional<Field> optional(String name) {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (!v.isObject()) {
        throw invalid(name, "is not an object");
      }
      return Optional.of(new Field(id, path + name + ".", v));
    }

    List<Field> list(String name) {
      JsonNode v = node.get(name);
      if (v == null || !v.isArray()) {
        throw invalid(name, v == null ? "is missing" : "is not a list");
      }
      List<Field> result = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        if (!v.get(i).isObject()) {
          throw invalid(name + "." + i, "is not an object");
        }
        result.add(new Field(id, path + name + "." + i + ".", v.get(i)));
      }
      return result;
    }

    StoredDataException invalid(String name, String problem) {
      return new StoredDataException(where(name) + " " + problem);
    }

    private String where(String name) {
      return "field '"
          + path
          + name
          + "' of the document of row '"
          + id
          + "' in table '"
          + TABLE
          + "'";
    }
  }
}
