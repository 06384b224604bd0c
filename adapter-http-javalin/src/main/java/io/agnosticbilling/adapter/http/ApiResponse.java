package io.agnosticbilling.adapter.http;

/**
 * Value object: what a handler answers: a status and a body written as JSON, or a text body with
 * its own media type ({@code /metrics}).
 */
record ApiResponse(int status, Object body, String textMediaType) {

  ApiResponse(int status, Object body) {
    this(status, body, null);
  }

  static ApiResponse ok(Object body) {
    return new ApiResponse(200, body);
  }

  static ApiResponse created(Object body) {
    return new ApiResponse(201, body);
  }

  /** 200 with {@code text} as it is, of {@code mediaType}. */
  static ApiResponse text(String mediaType, String text) {
    return new ApiResponse(200, text, mediaType);
  }

  boolean isText() {
    return textMediaType != null;
  }
}
