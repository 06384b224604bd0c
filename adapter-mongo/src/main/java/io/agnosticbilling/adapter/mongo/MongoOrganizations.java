package io.agnosticbilling.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.Organizations;
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
    long next = organization.version() + 1;
    // The version in the filter makes the replacement a single-document compare-and-set.
    long matched =
        collection
            .replaceOne(
                Filters.and(
                    Filters.eq("_id", organization.id().value()),
                    Filters.eq("version", organization.version())),
                OrganizationMapper.toDocument(organization, next))
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
