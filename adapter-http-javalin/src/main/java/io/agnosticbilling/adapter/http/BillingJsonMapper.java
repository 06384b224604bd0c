package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.plan.Metric;
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

  record PlanJson(
      String id, String name, PriceJson price, Map<String, Long> limits, List<String> features) {}

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
      boolean portalAvailable) {}

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
    return catalog.plans().stream().map(BillingJsonMapper::plan).toList();
  }

  static PlanJson plan(Plan plan) {
    return new PlanJson(
        plan.id().value(),
        plan.name(),
        new PriceJson(
            plan.price().amountMinor(), plan.price().currency(), plan.interval().wireName()),
        limits(plan.limits()),
        plan.features());
  }

  static OverviewJson overview(BillingOverview o) {
    Map<String, UsageFigureJson> usage = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      BillingOverview.UsageFigure figure = o.usage().get(metric);
      if (figure != null) {
        usage.put(
            metric.key(),
            new UsageFigureJson(
                figure.used(),
                limitOrNull(figure.limit()),
                figure.percent().isPresent() ? figure.percent().getAsInt() : null));
      }
    }
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
        o.portalAvailable());
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

  private static Map<String, Long> limits(Map<Metric, Quota> quotas) {
    // Metric order, not map order, so the JSON reads the same on every call.
    Map<String, Long> out = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      Quota quota = quotas.get(metric);
      if (quota != null) {
        out.put(metric.key(), limitOrNull(quota));
      }
    }
    return out;
  }

  private static Long limitOrNull(Quota quota) {
    return quota.limit().isPresent() ? quota.limit().getAsLong() : null;
  }
}
