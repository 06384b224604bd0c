package io.agnosticbilling.adapter.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.Stripe;
import io.agnosticbilling.domain.event.BillingEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The facts {@code config check --online} compares an endpoint with stay true to the translator.
 */
class StripeSetupCheckTest {

  private static String event(String type) {
    return "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\""
        + type
        + "\",\"created\":1700000000,\"livemode\":false,\"data\":{\"object\":{}}}";
  }

  @Test
  @DisplayName("every event an endpoint must send is one the translator reads (not Unhandled)")
  void eventsToEnableAreTranslated() {
    assertThat(StripeEventTranslator.parse(event("customer.created")))
        .isInstanceOf(BillingEvent.Unhandled.class);
    for (String type : StripeSetupCheck.eventsToEnable()) {
      // An empty object fails where a handled type is read; an unhandled type is not read at all.
      assertThatThrownBy(() -> StripeEventTranslator.parse(event(type)))
          .as(type)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(type);
    }
  }

  @Test
  @DisplayName("the oldest API version read is not newer than the pinned one")
  void versionRange() {
    assertThat(StripeEventTranslator.OLDEST_READ_API_VERSION.substring(0, 10))
        .isLessThanOrEqualTo(Stripe.API_VERSION.substring(0, 10));
  }

  @Test
  @DisplayName("endpoint URLs match up to host case, default port and a trailing slash")
  void sameUrl() {
    String url = "https://billing.example.com/api/webhooks/stripe";
    assertThat(
            StripeSetupCheck.sameUrl("https://Billing.Example.com:443/api/webhooks/stripe/", url))
        .isTrue();
    assertThat(StripeSetupCheck.sameUrl("http://billing.example.com/api/webhooks/stripe", url))
        .isFalse();
    assertThat(StripeSetupCheck.sameUrl("https://billing.example.com/api/webhooks/strip", url))
        .isFalse();
    assertThat(
            StripeSetupCheck.sameUrl("https://billing.example.com:8443/api/webhooks/stripe", url))
        .isFalse();
  }
}
