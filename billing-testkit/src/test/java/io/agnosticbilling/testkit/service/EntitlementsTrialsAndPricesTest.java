package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.service.Seed.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.MetricDefinition;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.in.OrganizationEntitlements;
import io.agnosticbilling.domain.port.in.RecordUsage;
import io.agnosticbilling.domain.port.in.StartCheckout.CheckoutCommand;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutRequest;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Entitlements (item 3), trials (item 4), promotion codes (item 5) and yearly prices (item 6). */
class EntitlementsTrialsAndPricesTest {
  static final Email PAYER = Email.of("ada@example.com");

  /** The default catalog with a 14-day trial on Team. */
  static BillingSettings teamTrial() {
    List<Plan> plans = new ArrayList<>();
    for (Plan p : PlanCatalog.defaults().plans()) {
      plans.add(
          p.id().equals(PlanId.TEAM) ? p.toBuilder().trialDays(OptionalInt.of(14)).build() : p);
    }
    return BillingSettings.defaults()
        .withCatalog(PlanCatalog.of(plans, PlanCatalog.DEFAULT_ALERT_THRESHOLDS));
  }

  final InMemoryBilling fixture =
      new InMemoryBilling(NOW, teamTrial(), PaymentEvents.notConfigured());
  final Billing billing = fixture.billing;

  @Test
  @DisplayName("a free organization may use the Free plan's features, limits and usage")
  void freeEntitlements() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    billing.record(org, Metric.TEST_RUNS, 7, Optional.of("run-1"));

    OrganizationEntitlements e = billing.entitlements(org);

    assertThat(e.plan()).isEqualTo(PlanId.FREE);
    assertThat(e.status()).isEmpty();
    assertThat(e.trialEnd()).isEmpty();
    assertThat(e.features())
        .containsExactly(
            Map.entry("communitySupport", true),
            Map.entry("emailSupport", false),
            Map.entry("prioritySupport", false),
            Map.entry("sso", false));
    assertThat(e.may("sso")).isFalse();
    assertThat(e.may("noSuchFeature")).isFalse();
    assertThat(e.limits()).containsEntry(Metric.TEST_RUNS, Quota.of(100));
    assertThat(e.usage().get(Metric.TEST_RUNS).used()).isEqualTo(7);
  }

  @Test
  @DisplayName(
      "an active Enterprise subscription grants priority support but not SSO (coming soon)")
  void enterpriseEntitlements() {
    OrganizationId org =
        Seed.subscribed(fixture, Seed.enterprise("sub_1", "cus_1", "org_1").build());

    OrganizationEntitlements e = billing.entitlements(org);

    assertThat(e.plan()).isEqualTo(PlanId.ENTERPRISE);
    assertThat(e.status()).contains(SubscriptionStatus.ACTIVE);
    assertThat(e.may("prioritySupport")).isTrue();
    assertThat(e.may("sso")).isFalse();
    assertThat(e.limits().get(Metric.USERS).isUnlimited()).isTrue();
  }

  @Test
  @DisplayName("entitlements follow the effective plan: past_due after its grace gets Free's")
  void pastDueBeyondGraceGetsFree() {
    OrganizationId org =
        Seed.subscribed(
            fixture,
            Seed.enterprise("sub_1", "cus_1", "org_1")
                .status(SubscriptionStatus.PAST_DUE)
                .period(NOW.minus(Duration.ofDays(20)), NOW.plus(Duration.ofDays(10)))
                .build());

    OrganizationEntitlements e = billing.entitlements(org);

    assertThat(e.status()).contains(SubscriptionStatus.PAST_DUE);
    assertThat(e.plan()).isEqualTo(PlanId.FREE);
    assertThat(e.may("prioritySupport")).isFalse();
    assertThat(e.limits()).containsEntry(Metric.USERS, Quota.of(3));
  }

  @Test
  @DisplayName("a trialing subscription shows its trial's end in the overview and entitlements")
  void trialEndShown() {
    OrganizationId org =
        Seed.subscribed(
            fixture,
            Seed.team("sub_1", "cus_1", "org_1")
                .status(SubscriptionStatus.TRIALING)
                .trialEnd(Seed.PERIOD_END)
                .build());

    assertThat(billing.entitlements(org).trialEnd()).contains(Seed.PERIOD_END);
    assertThat(billing.entitlements(org).plan()).isEqualTo(PlanId.TEAM);
    assertThat(billing.overview(org).trialEnd()).contains(Seed.PERIOD_END);
    assertThat(billing.overview(org).interval()).contains(BillingInterval.MONTH);
  }

  @Test
  @DisplayName(
      "the first paid subscription's Checkout carries the plan's trial and expires with the hold")
  void firstCheckoutOffersTrial() {
    OrganizationId org = Seed.organization(fixture, "org_1");

    String session = billing.startCheckout(org, PlanId.TEAM, PAYER).sessionId();

    CheckoutRequest request = fixture.provider.checkoutRequest(session).orElseThrow();
    assertThat(request.trialDays()).hasValue(14);
    assertThat(request.expiresAt()).contains(NOW.plus(Duration.ofHours(1)));
    assertThat(fixture.organizations.find(org).orElseThrow().trialOfferedAt()).contains(NOW);
    String enterprise = billing.startCheckout(org, PlanId.ENTERPRISE, PAYER).sessionId();
    assertThat(fixture.provider.checkoutRequest(enterprise).orElseThrow().trialDays())
        .as("Enterprise has no trial")
        .isEmpty();
  }

  @Test
  @DisplayName(
      "while a trial session may still be paid, another Checkout gets no trial; after it, again")
  void trialHeldByOneSessionAtATime() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    billing.startCheckout(org, PlanId.TEAM, PAYER);

    String second = billing.startCheckout(org, PlanId.TEAM, PAYER).sessionId();
    assertThat(fixture.provider.checkoutRequest(second).orElseThrow().trialDays()).isEmpty();
    assertThat(fixture.provider.checkoutRequest(second).orElseThrow().expiresAt()).isEmpty();

    fixture.clock.advance(Duration.ofHours(1));
    String third = billing.startCheckout(org, PlanId.TEAM, PAYER).sessionId();
    assertThat(fixture.provider.checkoutRequest(third).orElseThrow().trialDays()).hasValue(14);
  }

  @Test
  @DisplayName("an organization that ever had a subscription gets no trial")
  void noTrialAfterAnySubscription() {
    OrganizationId org =
        Seed.subscribed(
            fixture,
            Seed.team("sub_1", "cus_1", "org_1")
                .status(SubscriptionStatus.CANCELED)
                .canceledAt(NOW.minus(Duration.ofDays(2)))
                .build());

    String session = billing.startCheckout(org, PlanId.TEAM, PAYER).sessionId();

    assertThat(fixture.provider.checkoutRequest(session).orElseThrow().trialDays()).isEmpty();
  }

  @Test
  @DisplayName("of 8 Checkouts started at once for a new organization, exactly one offers a trial")
  void concurrentCheckoutsOfferOneTrial() {
    OrganizationId org = Seed.organizationWithCustomer(fixture, "org_1", "cus_1");

    List<String> sessions =
        Race.all(8, i -> billing.startCheckout(org, PlanId.TEAM, PAYER).sessionId());

    long withTrial =
        sessions.stream()
            .map(s -> fixture.provider.checkoutRequest(s).orElseThrow())
            .filter(r -> r.trialDays().isPresent())
            .count();
    assertThat(withTrial).isEqualTo(1);
  }

  @Test
  @DisplayName("a failed session creation gives the trial offer back")
  void failedCheckoutReleasesTrial() {
    OrganizationId org = Seed.organizationWithCustomer(fixture, "org_1", "cus_1");
    fixture.provider.failNext(
        new PaymentProviderException(PaymentProviderException.Kind.UNREACHABLE, "Stripe is down"));

    assertThatThrownBy(() -> billing.startCheckout(org, PlanId.TEAM, PAYER));

    assertThat(fixture.organizations.find(org).orElseThrow().trialOfferedAt()).isEmpty();
    String session = billing.startCheckout(org, PlanId.TEAM, PAYER).sessionId();
    assertThat(fixture.provider.checkoutRequest(session).orElseThrow().trialDays()).hasValue(14);
  }

  @Test
  @DisplayName("a yearly Checkout uses the yearly price; an interval not sold is refused untouched")
  void yearlyCheckout() {
    OrganizationId org = Seed.organization(fixture, "org_1");

    String session =
        billing
            .startCheckout(
                org,
                new CheckoutCommand(
                    PlanId.TEAM, PAYER, Optional.of(BillingInterval.YEAR), Optional.empty()))
            .sessionId();
    assertThat(fixture.provider.checkoutRequest(session).orElseThrow().priceId())
        .isEqualTo(InMemoryBilling.TEAM_YEARLY_PRICE);

    OrganizationId other = Seed.organization(fixture, "org_2");
    int calls = fixture.provider.calls().size();
    assertThatThrownBy(
            () ->
                billing.startCheckout(
                    other,
                    new CheckoutCommand(
                        PlanId.ENTERPRISE,
                        PAYER,
                        Optional.of(BillingInterval.YEAR),
                        Optional.empty())))
        .as("Enterprise has a yearly amount but no yearly provider price here")
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.code()).isEqualTo("interval_not_sold");
              assertThat(e.field()).isEqualTo("interval");
            });
    assertThat(fixture.provider.calls()).hasSize(calls);
    assertThat(fixture.organizations.find(other).orElseThrow().customerId()).isEmpty();
  }

  @Test
  @DisplayName("a subscription on the yearly price is the plan, billed yearly in the overview")
  void yearlySubscriptionMapsToPlan() {
    OrganizationId org =
        Seed.subscribed(
            fixture,
            Seed.team("sub_1", "cus_1", "org_1")
                .price(InMemoryBilling.TEAM_YEARLY_PRICE)
                .period(Seed.PERIOD_START, Seed.PERIOD_START.plus(Duration.ofDays(365)))
                .build());

    assertThat(billing.overview(org).plan()).isEqualTo(PlanId.TEAM);
    assertThat(billing.overview(org).interval()).contains(BillingInterval.YEAR);
  }

  @Test
  @DisplayName("a promotion code is resolved to the provider's id; an unknown one changes nothing")
  void promotionCodes() {
    fixture.provider.putPromotionCode("SPRING25", "promo_123");
    OrganizationId org = Seed.organization(fixture, "org_1");

    String session =
        billing
            .startCheckout(
                org,
                new CheckoutCommand(PlanId.TEAM, PAYER, Optional.empty(), Optional.of("SPRING25")))
            .sessionId();
    assertThat(fixture.provider.checkoutRequest(session).orElseThrow().promotionCodeId())
        .contains("promo_123");

    OrganizationId other = Seed.organization(fixture, "org_2");
    assertThatThrownBy(
            () ->
                billing.startCheckout(
                    other,
                    new CheckoutCommand(PlanId.TEAM, PAYER, Optional.empty(), Optional.of("NOPE"))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid_promotion_code");
              assertThat(e.field()).isEqualTo("promotionCode");
            });
    assertThat(fixture.organizations.find(other).orElseThrow().customerId()).isEmpty();
    assertThat(fixture.organizations.find(other).orElseThrow().trialOfferedAt()).isEmpty();
  }

  @Test
  @DisplayName("a metric the catalog defines is recorded, limited per plan and refused by its noun")
  void catalogDefinedMetric() {
    MetricDefinition apiCalls = MetricDefinition.metered("apiCalls", "API calls");
    List<Plan> plans = new ArrayList<>();
    for (Plan p : PlanCatalog.defaults().plans()) {
      Map<Metric, Quota> limits = new LinkedHashMap<>(p.limits());
      limits.put(apiCalls.metric(), p.isFree() ? Quota.of(10) : Quota.unlimited());
      plans.add(p.toBuilder().limits(limits).build());
    }
    PlanCatalog catalog =
        PlanCatalog.of(
            plans,
            List.of(MetricDefinition.TEST_RUNS, apiCalls),
            PlanCatalog.DEFAULT_ALERT_THRESHOLDS);
    InMemoryBilling custom =
        new InMemoryBilling(
            NOW, BillingSettings.defaults().withCatalog(catalog), PaymentEvents.notConfigured());
    OrganizationId org = Seed.organization(custom, "org_1");

    RecordUsage.UsageOutcome first =
        custom.billing.record(org, apiCalls.metric(), 8, Optional.of("batch-1"));
    RecordUsage.UsageOutcome second =
        custom.billing.record(org, apiCalls.metric(), 3, Optional.of("batch-2"));

    assertThat(first).isInstanceOf(RecordUsage.Allowed.class);
    assertThat(second)
        .isInstanceOfSatisfying(
            RecordUsage.Refused.class,
            r ->
                assertThat(r.refusal().message())
                    .startsWith("Your organization used 8 of 10 API calls this period"));
    assertThat(custom.billing.entitlements(org).usage().get(apiCalls.metric()).used()).isEqualTo(8);
    assertThat(custom.billing.overview(org).usage())
        .containsKeys(Metric.USERS, Metric.TEST_RUNS, apiCalls.metric());
    assertThatThrownBy(() -> custom.billing.record(org, Metric.of("gpuHours"), 1, Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Unknown metric 'gpuHours'");
    assertThatThrownBy(() -> custom.billing.record(org, Metric.USERS, 1, Optional.empty()))
        .hasMessageContaining("gauge");
  }
}
