package io.agnosticbilling.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FakePasswordHasherTest {
  private final FakePasswordHasher hasher = new FakePasswordHasher();

  @Test
  @DisplayName("the hash is fake: + the SHA-256 hex of the password, never the password")
  void hashIsPredictable() {
    // SHA-256("password"), a well-known test vector.
    assertThat(hasher.hash("password"))
        .isEqualTo("fake:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8");
  }

  @Test
  @DisplayName("matches accepts the right password and refuses others")
  void matches() {
    String hash = hasher.hash("s3cret-pass");

    assertThat(hasher.matches("s3cret-pass", hash)).isTrue();
    assertThat(hasher.matches("s3cret-pasS", hash)).isFalse();
    assertThat(hasher.matches(null, hash)).isFalse();
    assertThat(hasher.matches("s3cret-pass", null)).isFalse();
  }

  @Test
  @DisplayName("hashing no password is refused")
  void nullRefused() {
    assertThatThrownBy(() -> hasher.hash(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
