package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.port.in.AddMember;
import io.agnosticbilling.domain.port.in.CancelSubscription;
import io.agnosticbilling.domain.port.in.ChangePlan;
import io.agnosticbilling.domain.port.in.ConfirmCheckout;
import io.agnosticbilling.domain.port.in.GetBillingMetrics;
import io.agnosticbilling.domain.port.in.GetBillingOverview;
import io.agnosticbilling.domain.port.in.HandleBillingEvent;
import io.agnosticbilling.domain.port.in.ListMembers;
import io.agnosticbilling.domain.port.in.ListWebhookEvents;
import io.agnosticbilling.domain.port.in.LogIn;
import io.agnosticbilling.domain.port.in.OpenCustomerPortal;
import io.agnosticbilling.domain.port.in.ReconcileSubscriptions;
import io.agnosticbilling.domain.port.in.RecordUsage;
import io.agnosticbilling.domain.port.in.ReplayWebhook;
import io.agnosticbilling.domain.port.in.ResumeSubscription;
import io.agnosticbilling.domain.port.in.SignUp;
import io.agnosticbilling.domain.port.in.StartCheckout;
import java.util.Objects;

/** Configuration: the use cases the HTTP routes call, one field per inbound port. */
public record BillingUseCases(
    SignUp signUp,
    LogIn logIn,
    StartCheckout startCheckout,
    ConfirmCheckout confirmCheckout,
    OpenCustomerPortal openCustomerPortal,
    ChangePlan changePlan,
    CancelSubscription cancelSubscription,
    ResumeSubscription resumeSubscription,
    GetBillingOverview getBillingOverview,
    RecordUsage recordUsage,
    AddMember addMember,
    ListMembers listMembers,
    HandleBillingEvent handleBillingEvent,
    ReconcileSubscriptions reconcileSubscriptions,
    ReplayWebhook replayWebhook,
    ListWebhookEvents listWebhookEvents,
    GetBillingMetrics getBillingMetrics) {

  public BillingUseCases {
    Objects.requireNonNull(signUp, "'signUp' must not be null");
    Objects.requireNonNull(logIn, "'logIn' must not be null");
    Objects.requireNonNull(startCheckout, "'startCheckout' must not be null");
    Objects.requireNonNull(confirmCheckout, "'confirmCheckout' must not be null");
    Objects.requireNonNull(openCustomerPortal, "'openCustomerPortal' must not be null");
    Objects.requireNonNull(changePlan, "'changePlan' must not be null");
    Objects.requireNonNull(cancelSubscription, "'cancelSubscription' must not be null");
    Objects.requireNonNull(resumeSubscription, "'resumeSubscription' must not be null");
    Objects.requireNonNull(getBillingOverview, "'getBillingOverview' must not be null");
    Objects.requireNonNull(recordUsage, "'recordUsage' must not be null");
    Objects.requireNonNull(addMember, "'addMember' must not be null");
    Objects.requireNonNull(listMembers, "'listMembers' must not be null");
    Objects.requireNonNull(handleBillingEvent, "'handleBillingEvent' must not be null");
    Objects.requireNonNull(reconcileSubscriptions, "'reconcileSubscriptions' must not be null");
    Objects.requireNonNull(replayWebhook, "'replayWebhook' must not be null");
    Objects.requireNonNull(listWebhookEvents, "'listWebhookEvents' must not be null");
    Objects.requireNonNull(getBillingMetrics, "'getBillingMetrics' must not be null");
  }

  /** Every use case from one object that implements them all (such as the domain's facade). */
  public static <
          B extends
              SignUp & LogIn & StartCheckout & ConfirmCheckout & OpenCustomerPortal & ChangePlan
                  & CancelSubscription & ResumeSubscription & GetBillingOverview & RecordUsage
                  & AddMember & ListMembers & HandleBillingEvent & ReconcileSubscriptions
                  & ReplayWebhook & ListWebhookEvents & GetBillingMetrics>
      BillingUseCases of(B all) {
    return new BillingUseCases(
        all, all, all, all, all, all, all, all, all, all, all, all, all, all, all, all, all);
  }
}
