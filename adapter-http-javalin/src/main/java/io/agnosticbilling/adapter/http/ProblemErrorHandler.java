package io.agnosticbilling.adapter.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's error handler for answers made before routing (a bad request line, a URI or headers over
 * the limit, an ambiguous path): problem+json with the same security headers as every answer,
 * instead of Jetty's HTML page that names the server.
 */
final class ProblemErrorHandler extends ErrorHandler {
  private final ResponseHeaders headers;

  ProblemErrorHandler(ResponseHeaders headers) {
    this.headers = headers;
    setShowStacks(false);
    setShowServlet(false);
  }

  /** Answers Jetty writes while parsing, before any request object exists. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    headers.security().forEach(fields::put);
    fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    return ByteBuffer.wrap(json(problem(status), null));
  }

  /** Errors Jetty raises on a parsed request before (or outside) the routes. */
  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    if (response.isCommitted()) {
      return;
    }
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : response.getStatus();
    if (status < 400) {
      status = 500;
    }
    response.resetBuffer();
    response.setStatus(status);
    headers.security().forEach(response::setHeader);
    response.setContentType(Problem.MEDIA_TYPE);
    byte[] body = json(problem(status), null);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static Problem problem(int status) {
    return switch (status) {
      case 408 -> Problem.of(408, "request_timeout", "The request body did not arrive in time.");
      case 413 -> Problem.of(413, "body_too_large", "The request is larger than allowed.");
      case 414 -> Problem.of(414, "uri_too_long", "The request URI is longer than allowed.");
      case 431 ->
          Problem.of(431, "headers_too_large", "The request headers are larger than allowed.");
      case 400 -> Problem.of(400, "bad_request", "The request is not valid HTTP.");
      default ->
          status >= 500
              ? Problem.of(status, "internal_error", "The server could not answer this request.")
              : Problem.of(status, "bad_request", "The request was refused before routing.");
    };
  }

  static byte[] json(Problem problem, String instance) {
    Map<String, Object> body = problem.body(instance);
    return ApiJson.write(body);
  }
}
