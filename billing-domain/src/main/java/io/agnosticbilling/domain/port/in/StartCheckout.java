package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: start the upgrade of a free organization to a paid plan through a Checkout session;
 * creates the provider customer on first use.
 */
public interface StartCheckout {

  /** A monthly (the plan's main interval) Checkout without a promotion code. */
  default CheckoutSessionCreated startCheckout(
      OrganizationId organizationId, PlanId plan, Email payer) {
    return startCheckout(organizationId, new CheckoutCommand(plan, payer));
  }

  /**
   * A Checkout for the plan at the command's interval (refused when the plan is not sold at it),
   * with the plan's trial on the organization's first paid subscription, and the promotion code the
   * host app passes (refused when the provider has no active code of that text).
   */
  CheckoutSessionCreated startCheckout(OrganizationId organizationId, CheckoutCommand command);

  /**
   * What to check out: the plan, who pays, at which interval (empty: the plan's main one), and an
   * optional promotion code as a customer typed it.
   */
  record CheckoutCommand(
      PlanId plan,
      Email payer,
      Optional<BillingInterval> interval,
      Optional<String> promotionCode) {
    public CheckoutCommand {
      Objects.requireNonNull(plan, "'plan' must not be null");
      Objects.requireNonNull(payer, "'payer' must not be null");
      Objects.requireNonNull(interval, "'interval' must not be null");
      Objects.requireNonNull(promotionCode, "'promotionCode' must not be null");
    }

    public CheckoutCommand(PlanId plan, Email payer) {
      this(plan, payer, Optional.empty(), Optional.empty());
    }
  }
}
