package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSettingsTest {
  private final HttpSettings defaults = HttpSettings.defaults(ApiHarness.SECRET);

  @Test
  void givenSecretShorterThan32Bytes_whenCreating_thenRefused() {
    assertThatThrownBy(() -> HttpSettings.defaults("short-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'jwtSecret' must be at least 32 bytes");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*",
        "https://*.example.com",
        "https://app.example.com/",
        "app.example.com",
        "ftp://x.io"
      })
  void givenWildcardOrNonOriginEntry_whenCreating_thenRefused(String origin) {
    assertThatThrownBy(() -> defaults.withAllowedOrigins(Set.of(origin)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'allowedOrigins'");
  }

  @Test
  void givenExactOrigins_whenCreating_thenKept() {
    HttpSettings settings =
        defaults.withAllowedOrigins(Set.of("https://app.example.com", "http://localhost:3000"));

    assertThat(settings.allowedOrigins())
        .containsExactlyInAnyOrder("https://app.example.com", "http://localhost:3000");
  }

  @Test
  void givenNonPositiveExpiry_whenCreating_thenRefused() {
    assertThatThrownBy(() -> defaults.toBuilder().jwt("iss", "aud", Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'jwtExpiry' must be positive");
  }

  @Test
  void toStringNeverShowsTheSecret() {
    assertThat(defaults.toString()).doesNotContain(ApiHarness.SECRET).contains("jwtSecret=***");
  }
}
