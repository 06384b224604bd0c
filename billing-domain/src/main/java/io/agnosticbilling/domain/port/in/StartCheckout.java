package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;

/**
 * Use case: start the upgrade of a free organization to a paid plan through a Checkout session;
 * creates the provider customer on first use.
 */
public interface StartCheckout {

  CheckoutSessionCreated startCheckout(OrganizationId organizationId, PlanId plan, Email payer);
}
