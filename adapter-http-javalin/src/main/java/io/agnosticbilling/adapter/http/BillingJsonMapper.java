package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Feature;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.MetricDefinition;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.in.BillingOverview;
import io.agnosticbilling.domain.port.in.RecordUsage;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import io.agnosticbilling.domain.usage.UsageAlert;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps domain values to the JSON shapes of the tenant-facing routes; a {@code null} limit means
 * unlimited, money is minor units plus a currency.
 */
final class BillingJsonMapper {
  private BillingJsonMapper() {}

  record PriceJson(long amount, String currency, String interval) {}

  /**
   * A plan card. {@code features} are the display texts (the shape clients read before keyed
   * features), {@code featureDetails} the keyed entitlements with their text; {@code prices} lists
   * every interval the plan is sold at ({@code price} is the main one).
   */
  record PlanJson(
      String id,
      String name,
      PriceJson price,
      List<PriceJson> prices,
      Map<String, Long> limits,
      List<String> features,
      List<FeatureJson> featureDetails,
      @Nullable Integer trialDays) {}

  record FeatureJson(String key, boolean enabled, String text) {}

  record PeriodJson(Instant start, Instant end) {}

  record UsageFigureJson(long used, Long limit, Integer percent) {}

  record AlertJson(String metric, int threshold, long used, long limit, Instant at) {}

  record OverviewJson(
      String organizationId,
      String plan,
      String planName,
      @Nullable String subscribedPlan,
      @Nullable String status,
      boolean cancelAtPeriodEnd,
      @Nullable Instant accessEndsAt,
      PeriodJson currentPeriod,
      Map<String, Long> limits,
      Map<String, UsageFigureJson> usage,
      List<AlertJson> alerts,
      boolean overLimit,
      List<String> upgradeOptions,
      boolean portalAvailable,
      @Nullable Instant trialEnd,
      @Nullable String interval) {}

  record UsageAllowedJson(
      boolean allowed,
      long used,
      Long limit,
      Long remaining,
      List<AlertJson> alerts,
      boolean replayed) {}

  record MemberJson(String id, String email, String role) {}

  record OrganizationJson(String id, String name, String plan) {}

  record SessionJson(
      String token, Instant expiresAt, MemberJson user, OrganizationJson organization) {}

  record CheckoutJson(String sessionId, String url) {}

  record UrlJson(String url) {}

  static List<PlanJson> plans(PlanCatalog catalog) {
    return catalog.plans().stream().map(p -> plan(catalog, p)).toList();
  }

  static PlanJson plan(PlanCatalog catalog, Plan plan) {
    Map<Metric, Quota> limits = new LinkedHashMap<>();
    for (MetricDefinition definition : catalog.metrics()) {
      limits.put(definition.metric(), plan.limit(definition.metric()));
    }
    return new PlanJson(
        plan.id().value(),
        plan.name(),
        price(plan.price(), plan.interval()),
        listedIntervals(plan).stream().map(i -> price(plan.priceFor(i).orElseThrow(), i)).toList(),
        limits(limits),
        plan.features().stream().map(Feature::text).toList(),
        plan.features().stream().map(f -> new FeatureJson(f.key(), f.enabled(), f.text())).toList(),
        plan.trialDays().isPresent() ? plan.trialDays().getAsInt() : null);
  }

  /**
   * The intervals a plan card offers: the main one, and the yearly one when it can be bought (it
   * has its provider price, or the server sells nothing through the provider for this plan).
   */
  private static List<BillingInterval> listedIntervals(Plan plan) {
    return plan.intervals().stream()
        .filter(
            i ->
                i == plan.interval()
                    || plan.providerPriceIdFor(i).isPresent()
                    || plan.providerPriceId().isEmpty())
        .toList();
  }

  private static PriceJson price(Money money, BillingInterval interval) {
    return new PriceJson(money.amountMinor(), money.currency(), interval.wireName());
  }

  /** Each metric's figures in the order given (the catalog's: users first). */
  static Map<String, UsageFigureJson> usage(Map<Metric, BillingOverview.UsageFigure> figures) {
    Map<String, UsageFigureJson> usage = new LinkedHashMap<>();
    figures.forEach(
        (metric, figure) ->
            usage.put(
                metric.key(),
                new UsageFigureJson(
                    figure.used(),
                    limitOrNull(figure.limit()),
                    figure.percent().isPresent() ? figure.percent().getAsInt() : null)));
    return usage;
  }

  static OverviewJson overview(BillingOverview o) {
    Map<String, UsageFigureJson> usage = usage(o.usage());
    return new OverviewJson(
        o.organizationId().value(),
        o.plan().value(),
        o.planName(),
        o.subscribedPlan().map(PlanId::value).orElse(null),
        o.status().map(s -> s.wireName()).orElse(null),
        o.cancelAtPeriodEnd(),
        o.accessEndsAt().orElse(null),
        new PeriodJson(o.currentPeriod().start(), o.currentPeriod().end()),
        limits(o.limits()),
        usage,
        o.alerts().stream().map(BillingJsonMapper::alert).toList(),
        o.overLimit(),
        o.upgradeOptions().stream().map(PlanId::value).toList(),
        o.portalAvailable(),
        o.trialEnd().orElse(null),
        o.interval().map(BillingInterval::wireName).orElse(null));
  }

  static AlertJson alert(UsageAlert a) {
    return new AlertJson(a.metric().key(), a.threshold(), a.used(), a.limit(), a.at());
  }

  static UsageAllowedJson usageAllowed(RecordUsage.Allowed allowed) {
    return new UsageAllowedJson(
        true,
        allowed.used(),
        limitOrNull(allowed.limit()),
        allowed.remaining().isPresent() ? allowed.remaining().getAsLong() : null,
        allowed.newAlerts().stream().map(BillingJsonMapper::alert).toList(),
        allowed.replayed());
  }

  static MemberJson member(Member m) {
    return new MemberJson(m.id().value(), m.email().value(), m.role().wireName());
  }

  static SessionJson session(
      JwtTokens.IssuedToken token, Member member, String organizationName, PlanId plan) {
    return new SessionJson(
        token.token(),
        token.expiresAt(),
        member(member),
        new OrganizationJson(member.organizationId().value(), organizationName, plan.value()));
  }

  static CheckoutJson checkout(CheckoutSessionCreated created) {
    return new CheckoutJson(created.sessionId(), created.url());
  }

  /** The limits in the order given (the catalog's), so the JSON reads the same on every call. */
  static Map<String, Long> limits(Map<Metric, Quota> quotas) {
    Map<String, Long> out = new LinkedHashMap<>();
    quotas.forEach((metric, quota) -> out.put(metric.key(), limitOrNull(quota)));
    return out;
  }

  private static Long limitOrNull(Quota quota) {
    return quota.limit().isPresent() ? quota.limit().getAsLong() : null;
  }
}
