package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.PaymentsNotConfiguredException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.port.in.DriftReport;
import io.agnosticbilling.domain.port.in.ReconcileSubscriptions;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.port.out.PaymentProvider.Listed;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Use case: compare the provider's subscriptions with local state and apply the provider's where
 * they differ, through the same transition rules as webhooks (so running it beside them is safe).
 */
public final class ReconciliationService implements ReconcileSubscriptions {
  private final PaymentProvider provider;
  private final OwnerResolution owners;
  private final SubscriptionApplier applier;

  ReconciliationService(
      PaymentProvider provider, OwnerResolution owners, SubscriptionApplier applier) {
    this.provider = provider;
    this.owners = owners;
    this.applier = applier;
  }

  @Override
  public DriftReport reconcile() {
    if (!provider.configured()) {
      throw new PaymentsNotConfiguredException();
    }
    int checked = 0;
    int inSync = 0;
    List<String> drifted = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    List<String> unresolved = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    try (Stream<Listed> all = provider.listSubscriptions()) {
      Iterator<Listed> it = all.iterator();
      while (it.hasNext()) {
        Listed listed = it.next();
        checked++;
        if (listed instanceof Listed.Unreadable unreadable) {
          failed.add(unreadable.subscriptionId() + ": " + unreadable.reason());
          continue;
        }
        SubscriptionSnapshot truth = ((Listed.Read) listed).snapshot();
        Optional<Organization> owner = owners.of(truth);
        if (owner.isEmpty()) {
          unresolved.add(truth.subscriptionId());
          continue;
        }
        Optional<Subscription> local = owner.get().subscription(truth.subscriptionId());
        if (local.isPresent() && !local.get().driftsFrom(truth)) {
          inSync++;
          continue;
        }
        try {
          SubscriptionApplier.Applied applied = applier.applyProviderState(owner.get(), truth);
          if (applied.status() != WebhookStatus.PROCESSED) {
            kept.add(truth.subscriptionId());
          } else {
            (local.isPresent() ? drifted : missing).add(truth.subscriptionId());
          }
        } catch (RuntimeException e) {
          failed.add(truth.subscriptionId() + ": " + e.getMessage());
        }
      }
    }
    return new DriftReport(checked, inSync, drifted, missing, kept, unresolved, failed);
  }
}
