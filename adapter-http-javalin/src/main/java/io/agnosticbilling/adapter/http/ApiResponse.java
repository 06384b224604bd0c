package io.agnosticbilling.adapter.http;

/**
 * Value object: what a handler answers: a status and a body written as JSON, or a text body with
 * its own media type ({@code /metrics}), or no body at all (204).
 */
record ApiResponse(int status, Object body, String textMediaType) {
  static final int NO_CONTENT = 204;

  ApiResponse(int status, Object body) {
    this(status, body, null);
  }

  static ApiResponse ok(Object body) {
    return new ApiResponse(200, body);
  }

  static ApiResponse created(Object body) {
    return new ApiResponse(201, body);
  }

  /** 204: done, nothing to say (no body, no content type). */
  static ApiResponse noContent() {
    return new ApiResponse(NO_CONTENT, null);
  }

  /** 200 with {@code text} as it is, of {@code mediaType}. */
  static ApiResponse text(String mediaType, String text) {
    return new ApiResponse(200, text, mediaType);
  }

  boolean isText() {
    return textMediaType != null;
  }
}
