package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Facet;
import com.mongodb.client.model.Filters;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.SubscriptionStats;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Adapter: organizations in the {@code organizations} collection, versioned compare-and-set. */
public final class MongoOrganizations implements Organizations {
  private static final String CURRENT = "billing.current";

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

  @Override
  public SubscriptionStats subscriptionStats(StatsWindow window) {
    Document groupKey =
        new Document("status", "$" + CURRENT + ".status")
            .append("plan", "$" + CURRENT + ".plan")
            .append("cancelAtPeriodEnd", "$" + CURRENT + ".cancelAtPeriodEnd")
            .append(
                "periodEnded",
                new Document(
                    "$lte", List.of("$" + CURRENT + ".currentPeriodEnd", date(window.now()))))
            .append(
                "withinGrace",
                new Document(
                    "$gt",
                    List.of("$" + CURRENT + ".currentPeriodStart", date(window.graceCutoff()))));
    Bson paidAtWindowStart =
        Filters.and(
            Filters.lt("billing.subscriptions.startedAt", date(window.churnWindowStart())),
            Filters.not(
                Filters.lt("billing.subscriptions.canceledAt", date(window.churnWindowStart()))),
            Filters.nin(
                "billing.subscriptions.status",
                SubscriptionStatus.INCOMPLETE.wireName(),
                SubscriptionStatus.INCOMPLETE_EXPIRED.wireName()));
    Document facets =
        collection
            .aggregate(
                List.of(
                    Aggregates.facet(
                        new Facet("total", Aggregates.count("n")),
                        new Facet(
                            "groups",
                            Aggregates.match(Filters.exists(CURRENT)),
                            Aggregates.group(
                                groupKey,
                                Accumulators.sum("n", 1),
                                Accumulators.first("exampleId", "$_id"))),
                        subscriptionsCounted(
                            "startedToday",
                            Filters.gte(
                                "billing.subscriptions.startedAt", date(window.dayStart()))),
                        subscriptionsCounted(
                            "canceledInWindow",
                            Filters.gte(
                                "billing.subscriptions.canceledAt",
                                date(window.churnWindowStart()))),
                        subscriptionsCounted("paidAtWindowStart", paidAtWindowStart))))
            .first();
    List<SubscriptionStats.Group> groups = new ArrayList<>();
    for (Document group : facets.getList("groups", Document.class)) {
      groups.add(group(group));
    }
    return new SubscriptionStats(
        count(facets, "total"),
        groups,
        count(facets, "startedToday"),
        count(facets, "canceledInWindow"),
        count(facets, "paidAtWindowStart"));
  }

  @Override
  public List<Organization> withSubscriptions() {
    List<Organization> result = new ArrayList<>();
    for (Document d : collection.find(Filters.exists(CURRENT)).sort(new Document("_id", 1))) {
      result.add(OrganizationMapper.fromDocument(d));
    }
    return result;
  }

  private Optional<Organization> first(Bson filter) {
    return Optional.ofNullable(collection.find(filter).first())
        .map(OrganizationMapper::fromDocument);
  }

  private static SubscriptionStats.Group group(Document row) {
    // Group keys are stored values: a bad status or plan is reported on one document holding it.
    Document asStored =
        new Document("_id", row.get("exampleId"))
            .append("billing", new Document("current", row.get("_id", Document.class)));
    StoredDocument key =
        StoredDocument.of(Schema.ORGANIZATIONS, asStored).sub("billing").sub("current");
    return new SubscriptionStats.Group(
        key.named("status", SubscriptionStatus::fromWireName),
        key.parsed("plan", PlanId::of),
        key.bool("cancelAtPeriodEnd"),
        key.bool("periodEnded"),
        key.bool("withinGrace"),
        row.get("n", Number.class).longValue());
  }

  private static long count(Document facets, String name) {
    List<Document> rows = facets.getList(name, Document.class);
    return rows.isEmpty() ? 0 : rows.get(0).get("n", Number.class).longValue();
  }

  /** A facet counting every subscription (of any organization) that matches {@code filter}. */
  private static Facet subscriptionsCounted(String name, Bson filter) {
    return new Facet(
        name,
        Aggregates.unwind("$billing.subscriptions"),
        Aggregates.match(filter),
        Aggregates.count("n"));
  }
}
