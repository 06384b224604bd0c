package io.agnosticbilling.adapter.http;

import java.util.Map;

/**
 * Refusal raised by the HTTP layer itself (malformed JSON, missing token, wrong role, body too
 * large, throttled); carries everything its problem+json answer needs.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  ApiException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  ApiException(int status, String code, String detail) {
    this(Problem.of(status, code, detail));
  }

  Problem problem() {
    return problem;
  }

  static ApiException invalid(String field, String detail) {
    return new ApiException(
        new Problem(400, "invalid_input", detail, Map.of("field", field), Map.of()));
  }

  static ApiException malformedJson() {
    return new ApiException(400, "malformed_json", "The request body is not valid JSON.");
  }

  static ApiException bodyTooLarge(int limitBytes) {
    return new ApiException(
        new Problem(
            413,
            "body_too_large",
            "The request body is larger than " + limitBytes + " bytes.",
            Map.of("limitBytes", limitBytes),
            Map.of()));
  }
}
