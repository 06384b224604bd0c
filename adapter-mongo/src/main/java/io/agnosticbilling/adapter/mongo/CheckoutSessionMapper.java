package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.CheckoutSessions.CheckoutRecord;
import org.bson.Document;

/** Maps Checkout session records to documents of {@code checkout_sessions}. */
final class CheckoutSessionMapper {
  private CheckoutSessionMapper() {}

  /** The fields written once, when the session is created. */
  static Document createdFields(CheckoutRecord record) {
    Document d =
        new Document("organizationId", record.organizationId().value())
            .append("plan", record.plan().value())
            .append("createdAt", date(record.createdAt()));
    record.confirmedAt().ifPresent(t -> d.append("confirmedAt", date(t)));
    return d;
  }

  static CheckoutRecord fromDocument(Document document) {
    StoredDocument d = StoredDocument.of(Schema.CHECKOUT_SESSIONS, document);
    return new CheckoutRecord(
        d.string("_id"),
        d.parsed("organizationId", OrganizationId::of),
        d.parsed("plan", PlanId::of),
        d.instant("createdAt"),
        d.optionalInstant("confirmedAt"));
  }
}
