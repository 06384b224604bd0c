package io.agnosticbilling.adapter.http;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Membership;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.port.in.CurrentMembership;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapter: issues and verifies the API's bearer tokens: HS256 only, issuer, audience and expiry
 * checked against an injected clock. The verifier is built once; it is thread-safe.
 *
 * <p>A token proves who the caller is, not what it may do: every verification asks the store for
 * the member's membership now (one lookup by id), so a removed member's token stops working and a
 * demoted admin loses admin rights at once, on every server instance sharing the store. The token's
 * {@code role} claim is what the member had when the token was issued, for clients to display.
 */
public final class JwtTokens {
  static final String ORGANIZATION = "org";
  static final String ROLE = "role";
  static final String EMAIL = "email";
  static final String OPERATOR = "operator";

  private final HttpSettings settings;
  private final CurrentMembership memberships;
  private final Clock clock;
  private final Algorithm algorithm;
  private final JWTVerifier verifier;
  // Tokens that verified, by their exact text: a caller sends the same token with every request,
  // and decoding and checking it (JSON twice, HMAC) was about a tenth of a usage record's CPU.
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  /**
   * A verified token, reused only strictly inside the time its claims allow (a second inside each
   * end), so the answer is the verifier's own; outside it the token is verified again.
   */
  private record Verified(Optional<Claims> claims, Instant usableFrom, Instant usableUntil) {
    boolean usableAt(Instant now) {
      return !now.isBefore(usableFrom) && now.isBefore(usableUntil);
    }
  }

  /** Bound of the verified-token memory; when full it starts over (tokens are reverified). */
  static final int VERIFIED_TOKENS = 4_096;

  /**
   * @param memberships asks the store who a member is now: organization, role, operator flag
   */
  public JwtTokens(HttpSettings settings, CurrentMembership memberships, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.memberships = Objects.requireNonNull(memberships, "'memberships' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    this.algorithm = Algorithm.HMAC256(settings.jwtSecret().getBytes(StandardCharsets.UTF_8));
    // Pinning the algorithm object makes 'none', RS256-with-our-secret and HS384/512 all fail.
    this.verifier =
        ((JWTVerifier.BaseVerification)
                JWT.require(algorithm)
                    .withIssuer(settings.jwtIssuer())
                    .withAudience(settings.jwtAudience())
                    .withClaimPresence(ORGANIZATION)
                    .withClaimPresence(ROLE)
                    .withClaimPresence(EMAIL)
                    .withClaimPresence("sub")
                    .withClaimPresence("exp")
                    .acceptLeeway(0))
            .build(clock);
  }

  /** A token for {@code member}, valid for the configured expiry from now. */
  public IssuedToken issue(Member member) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(settings.jwtExpiry());
    var builder =
        JWT.create()
            .withIssuer(settings.jwtIssuer())
            .withAudience(settings.jwtAudience())
            .withSubject(member.id().value())
            .withIssuedAt(now)
            .withNotBefore(now)
            .withExpiresAt(expiresAt)
            .withClaim(ORGANIZATION, member.organizationId().value())
            .withClaim(ROLE, member.role().wireName())
            .withClaim(EMAIL, member.email().value());
    if (memberships.membership(member.id()).map(Membership::operator).orElse(false)) {
      builder.withClaim(OPERATOR, true);
    }
    // JWT times are whole seconds; report what the token really says.
    Instant exact = Instant.ofEpochSecond(expiresAt.getEpochSecond());
    return new IssuedToken(builder.sign(algorithm), exact);
  }

  /** The caller a valid token speaks for, or empty for any token that does not verify. */
  public Optional<AuthenticatedCaller> verify(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    Optional<Claims> claims;
    try {
      claims = verifiedClaims(token);
    } catch (JWTVerificationException e) {
      return Optional.empty();
    }
    if (claims.isEmpty()) {
      return Optional.empty();
    }
    Claims c = claims.get();
    // The one lookup per call, outside the claim parsing: a store that fails is a 5xx, never a
    // 401 that would log every user out. A removed member (and a token of its earlier membership
    // after it was added again, under a new id) is no caller; the role is the store's, not the
    // claim's.
    Optional<Membership> now = memberships.membership(c.member());
    if (now.isEmpty() || !now.get().organizationId().equals(c.organization())) {
      return Optional.empty();
    }
    // Operator needs the signed claim and the flag in the store now, so 'operators remove'
    // takes effect at once instead of at token expiry.
    boolean operator = c.operatorClaim() && now.get().operator();
    return Optional.of(
        new AuthenticatedCaller(
            c.member(), c.organization(), now.get().role(), c.email(), operator));
  }

  /** The claims of a verified token, or empty when one has the wrong shape. */
  private static Optional<Claims> claims(DecodedJWT jwt) {
    try {
      if (Role.fromWireName(jwt.getClaim(ROLE).asString()).isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Claims(
              MemberId.of(jwt.getSubject()),
              OrganizationId.of(jwt.getClaim(ORGANIZATION).asString()),
              Email.of(jwt.getClaim(EMAIL).asString()),
              Boolean.TRUE.equals(jwt.getClaim(OPERATOR).asBoolean())));
    } catch (RuntimeException e) {
      // A signed token with claims of the wrong shape is still not a caller.
      return Optional.empty();
    }
  }

  private record Claims(
      MemberId member, OrganizationId organization, Email email, boolean operatorClaim) {}

  /**
   * The claims of a token that verifies (empty when signed but of the wrong shape), kept with the
   * token: extracting them (JSON claims, id and email checks) was a tenth of a usage record.
   */
  private Optional<Claims> verifiedClaims(String token) {
    Instant now = clock.instant();
    Verified known = verified.get(token);
    if (known != null && known.usableAt(now)) {
      return known.claims();
    }
    DecodedJWT jwt = verifier.verify(token);
    Instant from = Instant.MIN;
    for (Instant bound : new Instant[] {jwt.getNotBeforeAsInstant(), jwt.getIssuedAtAsInstant()}) {
      if (bound != null && bound.isAfter(from)) {
        from = bound;
      }
    }
    Instant until = jwt.getExpiresAtAsInstant().minusSeconds(1);
    if (verified.size() >= VERIFIED_TOKENS) {
      verified.clear();
    }
    Optional<Claims> claims = claims(jwt);
    verified.put(
        token, new Verified(claims, from.equals(Instant.MIN) ? from : from.plusSeconds(1), until));
    return claims;
  }

  /** Value object: a signed token and the instant it stops being accepted. */
  public record IssuedToken(String token, Instant expiresAt) {}
}
