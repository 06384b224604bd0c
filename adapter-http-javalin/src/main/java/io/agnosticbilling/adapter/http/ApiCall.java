package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One request as handlers see it: the verified caller (organization from the token only), path and
 * query values, and the body read with its route's size limit.
 */
final class ApiCall {
  private final HttpServletRequest request;
  private final UnaryOperator<String> pathParams;
  private final UnaryOperator<String> queryParams;
  private final byte[] body;
  private final Optional<AuthenticatedCaller> caller;
  private final int bodyLimit;
  private final TrustedProxies trustedProxies;

  /**
   * @param body the body when it was already read within {@code bodyLimit} ({@link FastRoutes}), or
   *     null to read it from the request
   */
  private ApiCall(
      HttpServletRequest request,
      UnaryOperator<String> pathParams,
      UnaryOperator<String> queryParams,
      byte[] body,
      Optional<AuthenticatedCaller> caller,
      int bodyLimit,
      TrustedProxies trustedProxies) {
    this.request = request;
    this.pathParams = pathParams;
    this.queryParams = queryParams;
    this.body = body;
    this.caller = caller;
    this.bodyLimit = bodyLimit;
    this.trustedProxies = trustedProxies;
  }

  /** A call routed by Javalin: path and query values are Javalin's, the body is read on demand. */
  ApiCall(
      Context ctx,
      Optional<AuthenticatedCaller> caller,
      int bodyLimit,
      TrustedProxies trustedProxies) {
    this(ctx.req(), ctx::pathParam, ctx::queryParam, null, caller, bodyLimit, trustedProxies);
  }

  /**
   * A call of a route without path parameters, on a request without a query string, whose body is
   * already complete in memory ({@link FastRoutes}).
   */
  static ApiCall preread(
      HttpServletRequest request,
      byte[] body,
      Optional<AuthenticatedCaller> caller,
      int bodyLimit,
      TrustedProxies trustedProxies) {
    UnaryOperator<String> none =
        name -> {
          throw new IllegalStateException("route has no path parameter '" + name + "'");
        };
    return new ApiCall(request, none, name -> null, body, caller, bodyLimit, trustedProxies);
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
    return pathParams.apply(name);
  }

  Optional<String> query(String name) {
    return Optional.ofNullable(queryParams.apply(name));
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeader(name));
  }

  /**
   * The client's address: the peer's, or the forwarded one when the peer is a trusted proxy (any
   * client can send {@code X-Forwarded-For}, so it is believed from those proxies only).
   */
  String clientAddress() {
    return trustedProxies.clientAddress(
        request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
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
    if (body != null) {
      return body;
    }
    long declared = request.getContentLengthLong();
    if (declared > bodyLimit) {
      throw ApiException.bodyTooLarge(bodyLimit);
    }
    try (InputStream in = request.getInputStream()) {
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
