package io.agnosticbilling.adapter.http;

/** Value object: what a handler answers: a status and a body written as JSON. */
record ApiResponse(int status, Object body) {
  static final int NO_CONTENT = 204;

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
}
