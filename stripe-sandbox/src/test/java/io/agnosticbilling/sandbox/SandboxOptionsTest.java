package io.agnosticbilling.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

  @Test
  @DisplayName("the defaults are a loopback test sandbox with fresh keys")
  void defaults() {
    SandboxOptions a = SandboxOptions.defaults();
    SandboxOptions b = SandboxOptions.defaults();

    assertThat(a.host()).isEqualTo("127.0.0.1");
    assertThat(a.port()).isZero();
    assertThat(a.secretKey()).startsWith("sk_test_").isNotEqualTo(b.secretKey());
    assertThat(a.webhookSecret()).startsWith("whsec_").isNotEqualTo(b.webhookSecret());
    assertThat(a.webhookEndpoint()).isEmpty();
    assertThat(a.toBuilder().port(4242).build().port()).isEqualTo(4242);
  }

  @Test
  @DisplayName("nonsense is refused with a message naming the option")
  void refusals() {
    assertThatThrownBy(() -> SandboxOptions.builder().secretKey("sk_live_x").build())
        .hasMessage("'secretKey' must be a test key (sk_test_…)");
    assertThatThrownBy(() -> SandboxOptions.builder().webhookSecret("secret").build())
        .hasMessage("'webhookSecret' must start with whsec_");
    assertThatThrownBy(() -> SandboxOptions.builder().port(70000).build())
        .hasMessage("'port' must be between 0 and 65535");
    assertThatThrownBy(
            () ->
                SandboxOptions.builder().retries(Duration.ofSeconds(-1), Duration.ZERO, 3).build())
        .hasMessage("'firstRetryAfter' must not be negative");
    assertThatThrownBy(
            () -> SandboxOptions.builder().retries(Duration.ZERO, Duration.ZERO, 0).build())
        .hasMessage("'maxDeliveryAttempts' must be at least 1");
    assertThatThrownBy(() -> SandboxOptions.builder().dunningRetryDays(List.of(5, 3)).build())
        .hasMessage("'dunningRetryDays' must be positive and ascending");
    assertThatThrownBy(() -> SandboxOptions.builder().promotionCodes(Map.of("ALL", 101)).build())
        .hasMessage("'promotionCodes' percentages must be between 1 and 100");
  }

  @Test
  @DisplayName("forms decode nested keys, numbered and bare list entries, metadata hashes")
  void params() {
    Params p =
        Params.parse(
            "expand[]=customer",
            "line_items[0][price]=price_1&line_items[0][quantity]=2"
                + "&subscription_data[metadata][organizationId]=org_acme&expand[]=subscription"
                + "&metadata[plan]=team&metadata[gone]=");

    assertThat(p.list("expand")).containsExactly("customer", "subscription");
    assertThat(p.nested("line_items[0]").required("price")).isEqualTo("price_1");
    assertThat(p.nested("line_items[0]").longValue("quantity")).contains(2L);
    assertThat(Metadata.of(p.nested("subscription_data")))
        .containsExactly(Map.entry("organizationId", "org_acme"));
    assertThat(Metadata.of(p))
        .as("an empty value unsets")
        .containsExactly(Map.entry("plan", "team"));
    assertThat(Params.parse("b=2&a=1").fingerprint())
        .isEqualTo(Params.parse("a=1&b=2").fingerprint());
  }
}
