package io.agnosticbilling.adapter.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * One request and its answer as the route wrapper ({@link JavalinBillingRoutes#serve(Route,
 * Exchange)}) needs them, so the same code serves a route through Javalin and through {@link
 * FastRoutes}. Headers and status go to the servlet response either way (Javalin's context does the
 * same); the body is written the way each side writes it.
 */
abstract class Exchange {
  private final HttpServletRequest request;
  private final HttpServletResponse response;

  Exchange(HttpServletRequest request, HttpServletResponse response) {
    this.request = request;
    this.response = response;
  }

  /** A request header, null when absent. */
  final String header(String name) {
    return request.getHeader(name);
  }

  /** Sets (replaces) a response header. */
  final void header(String name, String value) {
    response.setHeader(name, value);
  }

  final void status(int status) {
    response.setStatus(status);
  }

  final int status() {
    return response.getStatus();
  }

  /** The raw request path (the problem's {@code instance}). */
  final String path() {
    return request.getRequestURI();
  }

  /** The body of a JSON answer, with {@code application/json}. */
  abstract void json(byte[] body);

  /** A text answer of its own media type. */
  abstract void text(String mediaType, String body);

  /** A problem+json answer (its headers and status are already set). */
  abstract void problem(byte[] body);

  /** The request as a handler sees it. */
  abstract ApiCall call(
      Optional<AuthenticatedCaller> caller, int bodyLimit, TrustedProxies proxies);
}
