package io.agnosticbilling.sandbox;

/**
 * A refusal in Stripe's error shape: {@code {"error":{"type","code","message","param"}}} with the
 * HTTP status Stripe gives it.
 */
final class StripeError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String code;
  private final String param;
  private final String declineCode;

  StripeError(int status, String type, String code, String message, String param) {
    this(status, type, code, message, param, null);
  }

  private StripeError(
      int status, String type, String code, String message, String param, String declineCode) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.declineCode = declineCode;
  }

  static StripeError missing(String what, String id, String param) {
    return new StripeError(
        404,
        "invalid_request_error",
        "resource_missing",
        "No such " + what + ": '" + id + "'",
        param);
  }

  static StripeError invalid(String param, String message) {
    return new StripeError(400, "invalid_request_error", "parameter_invalid", message, param);
  }

  static StripeError missingParam(String param) {
    return new StripeError(
        400,
        "invalid_request_error",
        "parameter_missing",
        "Missing required param: " + param + ".",
        param);
  }

  static StripeError unknownParam(String param) {
    return new StripeError(
        400,
        "invalid_request_error",
        "parameter_unknown",
        "Received unknown parameter: " + param,
        param);
  }

  static StripeError cardDeclined(String declineCode, String message) {
    return new StripeError(402, "card_error", "card_declined", message, null, declineCode);
  }

  static StripeError authentication(String message) {
    return new StripeError(401, "invalid_request_error", null, message, null);
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }

  String code() {
    return code;
  }

  String param() {
    return param;
  }

  String declineCode() {
    return declineCode;
  }
}
