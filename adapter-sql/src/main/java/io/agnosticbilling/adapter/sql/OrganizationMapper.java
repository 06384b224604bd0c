package io.agnosticbilling.adapter.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agnosticbilling.domain.error.StoredDataException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.PaymentRecord;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Maps an organization to its row: the aggregate as a JSON document (instants as ISO-8601 text,
 * exact to the nanosecond), the customer id and the current subscription's fields in columns for
 * lookups and statistics. Reading a document that does not fit fails with a {@link
 * StoredDataException} naming the table, the organization id and the field.
 */
final class OrganizationMapper {
  static final String TABLE = "organizations";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OrganizationMapper() {}

  static String toDocument(Organization org) {
    ObjectNode d = JSON.createObjectNode();
    d.put("name", org.name());
    d.put("createdAt", org.createdAt().toString());
    ArrayNode subscriptions = d.putArray("subscriptions");
    for (Subscription s : org.subscriptions()) {
      ObjectNode n = subscriptions.addObject();
      n.put("id", s.id());
      n.put("customerId", s.customerId());
      n.put("status", s.status().wireName());
      n.put("plan", s.plan().value());
      n.put("priceId", s.priceId());
      n.put("currentPeriodStart", s.currentPeriodStart().toString());
      n.put("currentPeriodEnd", s.currentPeriodEnd().toString());
      n.put("cancelAtPeriodEnd", s.cancelAtPeriodEnd());
      s.canceledAt().ifPresent(t -> n.put("canceledAt", t.toString()));
      s.trialEnd().ifPresent(t -> n.put("trialEnd", t.toString()));
      n.put("startedAt", s.startedAt().toString());
      n.put("lastEventCreated", s.lastEventCreated());
      s.pastDueSince().ifPresent(t -> n.put("pastDueSince", t.toString()));
    }
    org.lastPayment()
        .ifPresent(
            p -> {
              ObjectNode n = d.putObject("lastPayment");
              n.put("invoiceId", p.invoiceId());
              p.subscriptionId().ifPresent(s -> n.put("subscriptionId", s));
              n.put("outcome", p.outcome().name());
              n.put("amountMinor", p.amountMinor());
              n.put("currency", p.currency());
              n.put("attemptCount", p.attemptCount());
              p.nextAttemptAt().ifPresent(t -> n.put("nextAttemptAt", t.toString()));
              n.put("at", p.at().toString());
            });
    org.trialOfferedAt().ifPresent(t -> d.put("trialOfferedAt", t.toString()));
    return d.toString();
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
          s.optionalInstant("pastDueSince"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw StoredRow.rejected(TABLE, s.id, e);
    }
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
      return optionalString(name)
          .map(
              text -> {
                try {
                  return Instant.parse(text);
                } catch (DateTimeParseException e) {
                  throw invalid(name, "is not an instant: '" + text + "'");
                }
              });
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
