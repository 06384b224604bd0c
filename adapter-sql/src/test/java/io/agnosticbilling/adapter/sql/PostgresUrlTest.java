package io.agnosticbilling.adapter.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.adapter.sql.PostgresDatabase.Target;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** DATABASE_URL forms, and descriptions that never show a password. */
class PostgresUrlTest {

  @Test
  @DisplayName("postgres://user:pass@host:port/db?params becomes a JDBC URL plus credentials")
  void postgresScheme() {
    Target t =
        Target.parse("postgres://billing:p%40ss%3Aw0rd@db.internal:5433/prod?sslmode=require");

    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/prod?sslmode=require");
    assertThat(t.user()).contains("billing");
    assertThat(t.password()).contains("p@ss:w0rd");
    assertThat(t.description()).isEqualTo("postgresql db.internal:5433/prod");
    assertThat(t.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
  }

  @Test
  @DisplayName("postgresql:// without credentials or port, and jdbc:postgresql:// as given")
  void otherForms() {
    assertThat(Target.parse("postgresql://localhost/billing").jdbcUrl())
        .isEqualTo("jdbc:postgresql://localhost/billing");
    Target jdbc = Target.parse("jdbc:postgresql://10.0.0.5:5432/billing?user=app&password=secret");
    assertThat(jdbc.jdbcUrl())
        .isEqualTo("jdbc:postgresql://10.0.0.5:5432/billing?user=app&password=secret");
    assertThat(jdbc.description()).isEqualTo("postgresql 10.0.0.5:5432/billing");
  }

  @Test
  @DisplayName("other schemes and a missing host are refused with a sentence")
  void refused() {
    assertThatThrownBy(() -> Target.parse("mysql://h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgres://");
    assertThatThrownBy(() -> Target.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }

  @Test
  @DisplayName("a database that does not answer fails the factory naming it, without the password")
  void unreachable() {
    assertThatThrownBy(
            () ->
                SqlBillingStore.postgres(
                    "postgres://app:topsecret@127.0.0.1:1/billing",
                    Fixture.options().withConnectTimeout(Duration.ofMillis(500))))
        .isInstanceOf(SqlStoreException.class)
        .hasMessageContaining("postgresql 127.0.0.1:1/billing")
        .hasMessageNotContaining("topsecret");
  }
}
