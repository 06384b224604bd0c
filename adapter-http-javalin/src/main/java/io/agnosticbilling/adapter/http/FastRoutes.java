package io.agnosticbilling.adapter.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * The two hot routes ({@code POST /api/usage/test-runs}, {@code POST /api/webhooks/stripe}) served
 * by a plain Jetty handler in front of Javalin's servlet, with the same route code ({@link
 * JavalinBillingRoutes#serve(Route, Exchange)}): Javalin's per-request machinery (servlet context,
 * session and servlet handlers, the body filter's async dispatch, before-handler and path matching,
 * compression check) was about half of a usage record's server CPU.
 *
 * <p>It takes a request only in the simple case: exactly that method and raw path, no query string,
 * a {@code Content-Length} within the route's limit, no {@code Expect} or {@code
 * Transfer-Encoding}, and the whole body already received (so reading it cannot block and no slow
 * client can hold the thread). Anything else goes on to Javalin untouched (nothing was read), which
 * answers it exactly as before: slow bodies (408), bodies over the limit (413), trailing slashes,
 * preflights, the other methods (405).
 */
final class FastRoutes extends HandlerWrapper {
  /** The routes served here, as {@code METHOD path}. */
  static final Set<String> HOT = Set.of("POST /api/usage/test-runs", "POST /api/webhooks/stripe");

  private final JavalinBillingRoutes routes;
  private final ResponseHeaders headers;
  private final Map<String, Route> byPath = new HashMap<>();

  FastRoutes(JavalinBillingRoutes routes, ResponseHeaders headers, List<Route> table) {
    this.routes = routes;
    this.headers = headers;
    for (Route route : table) {
      if (HOT.contains(route.method() + " " + route.path())) {
        if (!route.method().equals("POST") || route.path().contains("{")) {
          throw new IllegalStateException("only POST routes without parameters: " + route);
        }
        byPath.put(route.path(), route);
      }
    }
  }

  /**
   * Puts this handler in front of the servlet context Javalin attaches when it starts: inside
   * Javalin's default {@code StatisticsHandler} (so graceful stop still waits for these requests),
   * or as the server's handler when there is none. Call from {@code config.jetty.modifyServer}.
   */
  void install(Server server) {
    Handler current = server.getHandler();
    if (current == null) {
      server.setHandler(this);
    } else if (current instanceof HandlerWrapper wrapper && wrapper.getHandler() == null) {
      wrapper.setHandler(this);
    } else {
      throw new IllegalStateException("unexpected Jetty handler before Javalin's: " + current);
    }
  }

  @Override
  public void handle(
      String target, Request base, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    Route route = base.isHandled() ? null : hot(base);
    byte[] body = route == null ? null : receivedBody(base, route.bodyLimit());
    if (body == null) {
      super.handle(target, base, request, response);
      return;
    }
    base.setHandled(true);
    headers.apply(base.getHeader("Origin"), response::setHeader);
    ServletExchange exchange = new ServletExchange(base, response, body);
    routes.serve(route, exchange);
    // Sent once serve() has returned, as Javalin does: the listener hears of the request before
    // the client can send its next one.
    exchange.send();
  }

  private Route hot(Request base) {
    if (base.getDispatcherType() != DispatcherType.REQUEST
        || !"POST".equals(base.getMethod())
        || base.getQueryString() != null) {
      return null;
    }
    return byPath.get(base.getRequestURI());
  }

  /**
   * The body when it is declared within {@code limit} and already received in full, else null (and
   * nothing read).
   */
  private static byte[] receivedBody(Request base, int limit) throws IOException {
    long declared = base.getContentLengthLong();
    if (declared < 0
        || declared > limit
        || base.getHeader("Transfer-Encoding") != null
        || base.getHeader("Expect") != null) {
      return null;
    }
    int length = (int) declared;
    if (length == 0) {
      return new byte[0];
    }
    ServletInputStream in = base.getInputStream();
    // Jetty parses what it already holds, without waiting for the network.
    if (in.available() < length) {
      return null;
    }
    byte[] body = new byte[length];
    int read = 0;
    while (read < length) {
      int n = in.read(body, read, length - read);
      if (n < 0) {
        throw new EOFException("the body ended before its Content-Length");
      }
      read += n;
    }
    return body;
  }

  /** A request served here, answered through the servlet response. */
  private static final class ServletExchange extends Exchange {
    private final Request request;
    private final HttpServletResponse response;
    private final byte[] body;
    private byte[] answer;

    ServletExchange(Request request, HttpServletResponse response, byte[] body) {
      super(request, response);
      this.request = request;
      this.response = response;
      this.body = body;
    }

    @Override
    void json(byte[] bytes) {
      write("application/json", bytes);
    }

    @Override
    void text(String mediaType, String text) {
      throw new IllegalStateException("no text route is served here");
    }

    @Override
    void problem(byte[] bytes) {
      write(Problem.MEDIA_TYPE, bytes);
    }

    private void write(String mediaType, byte[] bytes) {
      response.setContentType(mediaType);
      response.setContentLength(bytes.length);
      answer = bytes;
    }

    void send() {
      if (answer == null) {
        return;
      }
      try {
        response.getOutputStream().write(answer);
      } catch (IOException gone) {
        // The client closed the connection: nobody is left to read the answer.
      }
    }

    @Override
    ApiCall call(Optional<AuthenticatedCaller> caller, int bodyLimit, TrustedProxies proxies) {
      return ApiCall.preread(request, body, caller, bodyLimit, proxies);
    }
  }
}
