package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;

/**
 * One request as handlers see it: the verified caller (organization from the token only), path and
 * query values, and the body read with its route's size limit.
 */
final class ApiCall {
  private final Context ctx;
  private final Optional<AuthenticatedCaller> caller;
  private final int bodyLimit;
  private final TrustedProxies trustedProxies;

  ApiCall(
      Context ctx,
      Optional<AuthenticatedCaller> caller,
      int bodyLimit,
      TrustedProxies trustedProxies) {
    this.ctx = ctx;
    this.caller = caller;
    this.bodyLimit = bodyLimit;
    this.trustedProxies = trustedProxies;
  }

  /** The caller of a route that required a token. */
  AuthenticatedCaller caller() {
    return caller.orElseThrow(
        () -> new IllegalStateException("route reads the caller but is open to anyone"));
  }

  OrganizationId organizationId() {
    return caller().organizationId();
  }

  String pathParam(String name) {
    return ctx.pathParam(name);
  }

  Optional<String> query(String name) {
    return Optional.ofNullable(ctx.queryParam(name));
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(ctx.header(name));
  }

  /**
   * The client's address: the peer's, or the forwarded one when the peer is a trusted proxy (any
   * client can send {@code X-Forwarded-For}, so it is believed from those proxies only).
   */
  String clientAddress() {
    return trustedProxies.clientAddress(
        ctx.req().getRemoteAddr(), Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
  }

  JsonBody json() {
    return JsonBody.of(ApiJson.read(rawBytes()));
  }

  /** The JSON object of a route whose body may be left out: none (or blank) reads as {@code {}}. */
  JsonBody optionalJson() {
    byte[] raw = rawBytes();
    return new String(raw, StandardCharsets.UTF_8).isBlank()
        ? JsonBody.of(ApiJson.read("{}".getBytes(StandardCharsets.UTF_8)))
        : JsonBody.of(ApiJson.read(raw));
  }

  /** A whole-number query parameter within bounds, {@code fallback} when absent; else 400. */
  int intQuery(String name, int fallback, int min, int max) {
    Optional<String> raw = query(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw.get().trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, "'" + name + "' must be a whole number");
    }
    if (value < min || value > max) {
      throw ApiException.invalid(name, "'" + name + "' must be between " + min + " and " + max);
    }
    return value;
  }

  String rawBody() {
    return new String(rawBytes(), StandardCharsets.UTF_8);
  }

  /**
   * Reads at most {@code bodyLimit + 1} bytes, so a chunked body without Content-Length cannot make
   * the server buffer more than the limit.
   */
  private byte[] rawBytes() {
    long declared = ctx.req().getContentLengthLong();
    if (declared > bodyLimit) {
      throw ApiException.bodyTooLarge(bodyLimit);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int total = 0;
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > bodyLimit) {
          throw ApiException.bodyTooLarge(bodyLimit);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new ApiException(400, "unreadable_body", "The request body could not be read.");
    }
  }
}
