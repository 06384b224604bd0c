package io.agnosticbilling.adapter.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Configuration: the proxies whose {@code X-Forwarded-For} is believed (addresses and CIDR ranges,
 * IPv4 and IPv6). Any client can send that header, so it names the client only when the direct peer
 * is one of these proxies; the client is then the rightmost forwarded address that is not a trusted
 * proxy (entries further left were written by the client itself).
 */
public final class TrustedProxies {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

  private final List<String> entries;
  private final List<Range> ranges;

  private TrustedProxies(List<String> entries, List<Range> ranges) {
    this.entries = entries;
    this.ranges = ranges;
  }

  /** No proxy is trusted: the client address is always the direct peer's. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * @param entries addresses ({@code 10.0.0.5}, {@code ::1}) or CIDR ranges ({@code 10.0.0.0/8},
   *     {@code fd00::/8}); blank entries are skipped
   * @throws IllegalArgumentException naming the first entry that is neither
   */
  public static TrustedProxies parse(Collection<String> entries) {
    List<String> kept = new ArrayList<>();
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      if (entry == null || entry.isBlank()) {
        continue;
      }
      String trimmed = entry.trim();
      ranges.add(
          Range.parse(trimmed)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'trustedProxies' entry '"
                              + trimmed
                              + "' is not an IP address or CIDR range (like 10.0.0.0/8)")));
      kept.add(trimmed);
    }
    return kept.isEmpty() ? NONE : new TrustedProxies(List.copyOf(kept), List.copyOf(ranges));
  }

  /** The entries as configured. */
  public List<String> entries() {
    return entries;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Whether {@code address} (an IP literal) is one of the trusted proxies. */
  public boolean trusts(String address) {
    return literal(address).map(this::trusts).orElse(false);
  }

  private boolean trusts(InetAddress address) {
    return ranges.stream().anyMatch(r -> r.contains(address));
  }

  /**
   * The client's address for per-address limits, in canonical form.
   *
   * @param peer the direct peer's address
   * @param forwardedFor the values of every {@code X-Forwarded-For} header, in order
   */
  String clientAddress(String peer, List<String> forwardedFor) {
    Optional<InetAddress> direct = literal(peer);
    if (direct.isEmpty()) {
      return peer;
    }
    String client = direct.get().getHostAddress();
    if (!trusts(direct.get())) {
      return client;
    }
    List<String> hops = new ArrayList<>();
    forwardedFor.forEach(header -> hops.addAll(Arrays.asList(header.split(","))));
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = literal(hops.get(i).trim());
      if (hop.isEmpty()) {
        // Not an address: nothing left of it can be believed; the last trusted hop stands.
        break;
      }
      client = hop.get().getHostAddress();
      if (!trusts(hop.get())) {
        break;
      }
    }
    return client;
  }

  /** An IP literal parsed without any name lookup; empty for anything else. */
  private static Optional<InetAddress> literal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String address = text.trim();
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    int zone = address.indexOf('%');
    if (zone >= 0) {
      address = address.substring(0, zone);
    }
    if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
      return Optional.empty();
    }
    try {
      // A literal of the checked shapes is parsed, never looked up.
      return Optional.of(InetAddress.getByName(address));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return entries.toString();
  }

  /** One address or CIDR range, as the network's bytes and the prefix length. */
  private record Range(byte[] network, int prefix) {

    static Optional<Range> parse(String entry) {
      int slash = entry.indexOf('/');
      Optional<InetAddress> address = literal(slash < 0 ? entry : entry.substring(0, slash));
      if (address.isEmpty()) {
        return Optional.empty();
      }
      byte[] bytes = address.get().getAddress();
      int bits = bytes.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
        if (prefix < 0 || prefix > bits) {
          return Optional.empty();
        }
      }
      return Optional.of(new Range(bytes, prefix));
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (candidate[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (candidate[full] & mask) == (network[full] & mask);
    }
  }
}
