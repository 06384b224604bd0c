package io.agnosticbilling.adapter.http;

import java.util.regex.Pattern;

/** One row of the API: method, Javalin path, who may call it, its body limit and handler. */
record Route(String method, String path, Access access, int bodyLimit, Handler handler) {

  /** A thin handler: reads the call, calls one use case, returns the answer. */
  @FunctionalInterface
  interface Handler {
    ApiResponse handle(ApiCall call);
  }

  /** Whether a concrete request path fits this route's pattern (for 405 answers). */
  boolean matches(String requestPath) {
    String regex =
        "^"
            + Pattern.compile("\\{[^/}]+}")
                .splitAsStream(path)
                .map(Pattern::quote)
                .reduce((a, b) -> a + "[^/]+" + b)
                .orElse("")
            + (path.endsWith("}") ? "[^/]+" : "")
            + "/?$";
    return requestPath.matches(regex);
  }

  /** The first two segments ({@code /api/billing}, {@code /health}): what this adapter owns. */
  String prefix() {
    String[] parts = path.split("/");
    return parts.length > 2 && path.startsWith("/api/") ? "/api/" + parts[2] : "/" + parts[1];
  }
}
