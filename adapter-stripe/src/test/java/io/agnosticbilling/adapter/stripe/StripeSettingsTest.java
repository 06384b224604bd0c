package io.agnosticbilling.adapter.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StripeSettingsTest {
  private static final String TEST_KEY = "sk_test_51Abc123SecretPart";

  @ParameterizedTest
  @CsvSource({"sk_test_abc, false", "rk_test_abc, false", "sk_live_abc, true", "rk_live_abc, true"})
  @DisplayName("livemode follows the key prefix")
  void livemode(String key, boolean live) {
    assertThat(StripeSettings.of(key, "http://localhost:3000").livemode()).isEqualTo(live);
  }

  @Test
  @DisplayName("toString shows the key's kind and mode, never the secrets")
  void masked() {
    StripeSettings settings =
        StripeSettings.of(TEST_KEY, "http://localhost:3000").withWebhookSecret("whsec_abcDEF123");

    assertThat(settings.toString())
        .contains("sk_test_***", "whsec_***")
        .doesNotContain("51Abc123SecretPart", "abcDEF123");
    assertThat(settings.maskedSecretKey()).isEqualTo("sk_test_***");
    assertThat(StripeSettings.of("rk_live_xyz", "http://localhost:3000").maskedSecretKey())
        .isEqualTo("rk_live_***");
  }

  @Test
  @DisplayName("defaults: Stripe's API, no webhook secret, explicit timeouts and retries")
  void defaults() {
    StripeSettings settings = StripeSettings.of(TEST_KEY, "http://localhost:3000");

    assertThat(settings.apiBase()).isEmpty();
    assertThat(settings.webhookSecret()).isEmpty();
    assertThat(settings.connectTimeout()).isEqualTo(StripeSettings.DEFAULT_CONNECT_TIMEOUT);
    assertThat(settings.readTimeout()).isEqualTo(StripeSettings.DEFAULT_READ_TIMEOUT);
    assertThat(settings.maxNetworkRetries()).isEqualTo(StripeSettings.DEFAULT_MAX_NETWORK_RETRIES);
  }

  @Test
  @DisplayName("trailing slashes of the frontend URL and API base are dropped")
  void trailingSlash() {
    StripeSettings settings =
        StripeSettings.of(TEST_KEY, "https://app.example.test/")
            .withApiBase("http://127.0.0.1:12111/");

    assertThat(settings.frontendUrl()).isEqualTo("https://app.example.test");
    assertThat(settings.apiBase()).contains("http://127.0.0.1:12111");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "sk_test_",
        "pk_test_visibleSecret1",
        "sk_prod_visibleSecret2",
        "whsec_visibleSecret3",
        "sk_test_visible Secret4"
      })
  @DisplayName("anything but a secret or restricted key is refused without echoing it")
  void badKey(String key) {
    assertThatThrownBy(() -> StripeSettings.of(key, "http://localhost:3000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'secretKey'")
        .hasMessageNotContaining("visible");
  }

  @Test
  @DisplayName("every problem is listed in one message")
  void allProblemsAtOnce() {
    assertThatThrownBy(
            () ->
                new StripeSettings(
                    null,
                    Optional.of("not-a-secret"),
                    Optional.of("ftp://stripe.test"),
                    "localhost:3000",
                    Duration.ZERO,
                    Duration.ofHours(1),
                    11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'secretKey'")
        .hasMessageContaining("'webhookSecret'")
        .hasMessageContaining("'apiBase'")
        .hasMessageContaining("'frontendUrl'")
        .hasMessageContaining("'connectTimeout'")
        .hasMessageContaining("'readTimeout'")
        .hasMessageContaining("'maxNetworkRetries'");
  }

  @Test
  @DisplayName("a frontend URL with a query is refused: the billing path is appended to it")
  void frontendWithQuery() {
    assertThatThrownBy(() -> StripeSettings.of(TEST_KEY, "https://app.example.test/?a=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not have a query");
  }
}
