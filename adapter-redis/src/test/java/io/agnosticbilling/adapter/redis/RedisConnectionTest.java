package io.agnosticbilling.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

class RedisConnectionTest {

  @Test
  @DisplayName("REDIS_URL with password, port and database is read whole; the password never shows")
  void fullUrlIsParsed() {
    RedisUrl url = RedisUrl.parse("redis://:s3cret@cache.internal:6380/4");

    assertThat(url)
        .isEqualTo(
            new RedisUrl(
                false, "cache.internal", 6380, Optional.empty(), Optional.of("s3cret"), 4));
    assertThat(url.toString()).isEqualTo("redis://:***@cache.internal:6380/4");
  }

  @Test
  @DisplayName("rediss:// means TLS; user and an escaped password are decoded; defaults apply")
  void tlsUserAndDefaults() {
    RedisUrl url = RedisUrl.parse("rediss://billing:p%40ss@redis.example.com");

    assertThat(url)
        .isEqualTo(
            new RedisUrl(
                true, "redis.example.com", 6379, Optional.of("billing"), Optional.of("p@ss"), 0));
    assertThat(url.toString()).isEqualTo("rediss://billing:***@redis.example.com:6379/0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "' '|'REDIS_URL' must not be blank",
        "http://localhost:6379|'REDIS_URL' must start with redis:// or rediss://",
        "redis://localhost/cache|'REDIS_URL' has database 'cache'; it must be a number like /0 or /15",
        "redis:///3|'REDIS_URL' has no host",
        "redis://local host|'REDIS_URL' is not a URL (Illegal character in authority)"
      })
  void malformedUrlIsRefusedSayingWhy(String url, String message) {
    assertThatThrownBy(() -> RedisConnection.fromUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  @DisplayName("a key prefix with a brace is refused: it would become the cluster hash tag")
  void braceInPrefixIsRefused() {
    assertThatThrownBy(() -> RedisOptions.defaults().withKeyPrefix("app{1}:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'keyPrefix' must be at most 64 characters without '{' or '}'");
  }

  @Test
  @DisplayName("the database number in the URL is the one written to")
  void databaseNumberIsUsed() {
    try (RedisConnection connection = TestRedis.connect();
        RedisClient db14 =
            RedisClient.builder()
                .hostAndPort(HostAndPort.from("127.0.0.1:6379"))
                .clientConfig(DefaultJedisClientConfig.builder().database(14).build())
                .build()) {
      TestRedis.flush(connection);
      connection.client().set("abtest:which-db", "15");

      assertThat(connection.client().get("abtest:which-db")).isEqualTo("15");
      assertThat(db14.get("abtest:which-db")).isNull();
    }
  }

  @Test
  @DisplayName("health says up for a live Redis and names the address of an unreachable one")
  void healthReportsBothWays() throws IOException {
    int closedPort = RedisServerProcess.freePort();
    try (RedisConnection live = TestRedis.connect();
        RedisConnection dead =
            RedisConnection.fromUrl("redis://:pw@127.0.0.1:" + closedPort, TestRedis.OPTIONS)) {

      assertThat(live.health().up()).isTrue();
      assertThat(live.ping()).isTrue();
      RedisHealth down = dead.health();
      assertThat(down.up()).isFalse();
      assertThat(down.detail())
          .startsWith("redis://:***@127.0.0.1:" + closedPort + "/0 unreachable")
          .doesNotContain("pw");
    }
  }
}
