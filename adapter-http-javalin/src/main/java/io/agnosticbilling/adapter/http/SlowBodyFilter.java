package io.agnosticbilling.adapter.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads every request body without holding a worker thread (servlet non-blocking I/O) and hands the
 * request to the routes only once the body is complete. A body slower than {@link
 * HttpSettings.SlowBodies#minBytesPerSecond()} or not complete within the deadline is cut off with
 * a 408 problem; one larger than {@code maxBytes} with 413. A blocking read would keep a thread per
 * slow client, and a few hundred such clients stall every route, {@code /health} included.
 */
final class SlowBodyFilter implements Filter {
  private static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final HttpSettings.SlowBodies limits;
  private final int maxBytes;
  private final ResponseHeaders headers;

  SlowBodyFilter(HttpSettings.SlowBodies limits, int maxBytes, ResponseHeaders headers) {
    this.limits = limits;
    this.maxBytes = maxBytes;
    this.headers = headers;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    long declared = http.getContentLengthLong();
    boolean chunked = http.getHeader("Transfer-Encoding") != null;
    // No body, or one the route refuses from its Content-Length alone: nothing to wait for.
    if (request.getDispatcherType() != DispatcherType.REQUEST
        || (declared <= 0 && !chunked)
        || declared > maxBytes) {
      chain.doFilter(request, response);
      return;
    }
    BufferedBody buffered = new BufferedBody(http);
    AsyncContext async = request.startAsync(buffered, response);
    async.setTimeout(limits.deadline().toMillis());
    BodyReader reader = new BodyReader(async, buffered, request.getInputStream());
    async.addListener(reader);
    request.getInputStream().setReadListener(reader);
  }

  /** One body being read: collects bytes as they arrive and ends with a dispatch or a refusal. */
  private final class BodyReader implements ReadListener, AsyncListener {
    private final AsyncContext async;
    private final BufferedBody buffered;
    private final ServletInputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long started = System.nanoTime();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final byte[] chunk = new byte[8192];

    BodyReader(AsyncContext async, BufferedBody buffered, ServletInputStream in) {
      this.async = async;
      this.buffered = buffered;
      this.in = in;
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (!finished.get() && in.isReady()) {
        int n = in.read(chunk);
        if (n == -1) {
          return;
        }
        bytes.write(chunk, 0, n);
        if (bytes.size() > maxBytes) {
          refuse(ApiException.bodyTooLarge(maxBytes).problem());
          return;
        }
      }
      if (!in.isFinished() && tooSlow()) {
        refuse(ProblemErrorHandler.problem(408));
      }
    }

    private boolean tooSlow() {
      long elapsed = System.nanoTime() - started - RATE_GRACE_NANOS;
      return elapsed > 0
          && bytes.size()
              < limits.minBytesPerSecond() * (double) elapsed / TimeUnit.SECONDS.toNanos(1);
    }

    @Override
    public void onAllDataRead() {
      if (finished.compareAndSet(false, true)) {
        buffered.body = bytes.toByteArray();
        async.dispatch();
      }
    }

    @Override
    public void onError(Throwable failure) {
      // The client went away or sent a broken body: nobody is left to read a detailed answer.
      refuse(Problem.of(400, "unreadable_body", "The request body could not be read."));
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      refuse(ProblemErrorHandler.problem(408));
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {
      onError(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    private void refuse(Problem problem) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      try {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        response.setStatus(problem.status());
        headers.security().forEach(response::setHeader);
        // The rest of the body is never read, so the connection cannot carry another request.
        response.setHeader("Connection", "close");
        response.setContentType(Problem.MEDIA_TYPE);
        byte[] body = ProblemErrorHandler.json(problem, buffered.getRequestURI());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
      } catch (IOException | IllegalStateException gone) {
        // The client closed the connection first; there is no one to answer.
      } finally {
        async.complete();
      }
    }
  }

  /** The request as the routes see it: the body comes from memory, already complete. */
  private static final class BufferedBody extends HttpServletRequestWrapper {
    private volatile byte[] body = new byte[0];

    BufferedBody(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body is already read");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
  }
}
