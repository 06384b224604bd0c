package io.agnosticbilling.adapter.http;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Security headers (nosniff, no referrer, no caching, the page's Content-Security-Policy, HSTS in
 * production) on every answer and CORS for the exact origins of the allowlist: another origin gets
 * no allow header at all, so the browser blocks it.
 */
final class ResponseHeaders {
  static final String ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
  static final String ALLOWED_HEADERS = "Authorization, Content-Type";
  static final String PREFLIGHT_MAX_AGE_SECONDS = "600";
  static final String HSTS = "max-age=31536000; includeSubDomains";

  private final Set<String> allowedOrigins;
  private final Map<String, String> security;

  ResponseHeaders(HttpSettings settings) {
    this.allowedOrigins = settings.allowedOrigins();
    // Built once: every answer sets them (a new map per answer before).
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    // Answers carry tokens and billing state: no shared cache may keep them.
    headers.put("Cache-Control", "no-store");
    // The billing page needs it; JSON answers lose nothing by carrying it too.
    headers.put("Content-Security-Policy", BillingPage.CONTENT_SECURITY_POLICY);
    if (settings.production()) {
      headers.put("Strict-Transport-Security", HSTS);
    }
    this.security = Collections.unmodifiableMap(headers);
  }

  /**
   * The headers every answer carries, routed or not (Jetty's own answers and the body deadline's
   * 408 use this too).
   */
  Map<String, String> security() {
    return security;
  }

  void apply(Context ctx) {
    apply(ctx.header("Origin"), ctx::header);
  }

  /**
   * The security headers and, for a request with an {@code Origin}, the CORS answer, set through
   * {@code header} (a Javalin context or a servlet response: {@link FastRoutes}).
   */
  void apply(String origin, BiConsumer<String, String> header) {
    security().forEach(header);
    if (origin != null) {
      header.accept("Vary", "Origin");
      if (allowedOrigins.contains(origin)) {
        header.accept("Access-Control-Allow-Origin", origin);
        header.accept("Access-Control-Expose-Headers", "Retry-After, WWW-Authenticate");
      }
    }
  }

  /** True when a preflight may be answered with the allow headers. */
  boolean preflight(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null || !allowedOrigins.contains(origin)) {
      return false;
    }
    ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
    ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    ctx.header("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
    return true;
  }
}
