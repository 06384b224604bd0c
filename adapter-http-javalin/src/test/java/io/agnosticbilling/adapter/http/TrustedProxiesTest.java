package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
  private final TrustedProxies proxies =
      TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", " "));

  @ParameterizedTest(name = "{0} trusted: {1}")
  @CsvSource({
    "10.0.0.1, true",
    "10.255.255.255, true",
    "11.0.0.1, false",
    "192.168.1.7, true",
    "192.168.1.8, false",
    "fd12:3456::1, true",
    "fe80::1, false",
    "[fd00::5], true",
    "proxy.internal, false"
  })
  void addressesAndRanges(String address, boolean trusted) {
    assertThat(proxies.trusts(address)).isEqualTo(trusted);
  }

  @ParameterizedTest(name = "peer {0}, X-Forwarded-For ''{1}'' → {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // An untrusted peer's header is ignored.
        "203.0.113.9 | 198.51.100.1 | 203.0.113.9",
        // The rightmost address that is not a trusted proxy is the client; a forged entry left.
        "10.0.0.2 | 6.6.6.6, 198.51.100.1 | 198.51.100.1",
        // Several trusted hops are skipped.
        "10.0.0.2 | 198.51.100.1, 10.0.0.3, 192.168.1.7 | 198.51.100.1",
        // Only trusted hops: the leftmost stands.
        "10.0.0.2 | 10.0.0.9, 10.0.0.3 | 10.0.0.9",
        // Not an address: nothing left of it is believed, the last trusted hop stands.
        "10.0.0.2 | 198.51.100.1, garbage | 10.0.0.2",
        // No header from a trusted peer: the peer.
        "10.0.0.2 | '' | 10.0.0.2"
      })
  void clientAddress(String peer, String forwardedFor, String client) {
    List<String> headers = forwardedFor.isEmpty() ? List.of() : List.of(forwardedFor);

    assertThat(proxies.clientAddress(peer, headers)).isEqualTo(client);
  }

  @Test
  void severalHeadersAreOneList() {
    assertThat(proxies.clientAddress("10.0.0.2", List.of("6.6.6.6", "198.51.100.1, 10.0.0.3")))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void addressesAreCanonical() {
    assertThat(TrustedProxies.none().clientAddress("0:0:0:0:0:0:0:1", List.of()))
        .isEqualTo(TrustedProxies.none().clientAddress("::1", List.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "proxy.internal", "10.0.0", "::1/129", "10.0.0.0/x"})
  void entriesThatAreNotAddressesAreRefusedByName(String entry) {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'trustedProxies' entry '" + entry + "'");
  }
}
