package io.agnosticbilling.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.Organizations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Adapter: organizations in the {@code organizations} collection, versioned compare-and-set. */
public final class MongoOrganizations implements Organizations {
  private final MongoCollection<Document> collection;

  public MongoOrganizations(MongoDatabase database) {
    this.collection = database.getCollection(Schema.ORGANIZATIONS);
  }

  @Override
  public Organization insert(Organization organization) {
    if (organization.version() != 0) {
      throw new IllegalArgumentException(
          "'version' must be 0 for a new organization, was " + organization.version());
    }
    try {
      collection.insertOne(OrganizationMapper.toDocument(organization, 1));
    } catch (MongoException e) {
      if (DuplicateKey.is(e)) {
        throw new ConcurrentUpdateException(
            "organization '" + organization.id() + "' exists already");
      }
      throw e;
    }
    return organization.withVersion(1);
  }

  @Override
  public Optional<Organization> find(OrganizationId id) {
    return first(Filters.eq("_id", id.value()));
  }

  @Override
  public Optional<Organization> findByCustomerId(String customerId) {
    return first(Filters.eq("billing.customerId", customerId));
  }

  @Override
  public Optional<Organization> findBySubscriptionId(String subscriptionId) {
    return first(Filters.eq("billing.subscriptions.id", subscriptionId));
  }

  @Override
  public Organization save(Organization organization) {
    return save(organization, List.of());
  }

  /**
   * One single-document update: the organization's fields are set (every top-level field the mapper
   * writes, so it is a replacement of them) and the notifications pushed onto its {@code outbox}
   * array, which {@link MongoNotificationOutbox} relays; a plain save leaves that array alone.
   */
  @Override
  public Organization save(Organization organization, List<Notification> notifications) {
    long next = organization.version() + 1;
    List<Bson> updates = new ArrayList<>();
    OrganizationMapper.toDocument(organization, next)
        .forEach(
            (field, value) -> {
              if (!field.equals("_id")) {
                updates.add(Updates.set(field, value));
              }
            });
    if (!notifications.isEmpty()) {
      updates.add(
          Updates.pushEach(
              NotificationMapper.EMBEDDED, NotificationMapper.embedded(notifications)));
    }
    // The version in the filter makes the update a single-document compare-and-set.
    long matched =
        collection
            .updateOne(
                Filters.and(
                    Filters.eq("_id", organization.id().value()),
                    Filters.eq("version", organization.version())),
                Updates.combine(updates))
            .getMatchedCount();
    if (matched == 0) {
      throw new ConcurrentUpdateException(
          "organization '"
              + organization.id()
              + "' is no longer at version "
              + organization.version());
    }
    return organization.withVersion(next);
  }

  @Override
  public void delete(OrganizationId id) {
    collection.deleteOne(Filters.eq("_id", id.value()));
  }

  private Optional<Organization> first(Bson filter) {
    return Optional.ofNullable(collection.find(filter).first())
        .map(OrganizationMapper::fromDocument);
  }
}
