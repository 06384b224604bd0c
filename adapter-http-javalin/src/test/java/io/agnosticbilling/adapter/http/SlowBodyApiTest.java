package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.RawHttp.RawAnswer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Slow request bodies are cut off with 408 and never starve other requests")
class SlowBodyApiTest {
  /** More than Javalin's 250 worker threads: before the fix, each one held a thread. */
  private static final int SLOW_CLIENTS = 300;

  private static final Duration DEADLINE = Duration.ofSeconds(3);

  private final ApiHarness api =
      ApiHarness.start(
          o ->
              o.settings =
                  s ->
                      s.toBuilder().slowBodies(new HttpSettings.SlowBodies(DEADLINE, 100)).build());
  private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    trickler.shutdownNow();
    for (Socket socket : sockets) {
      socket.close();
    }
    api.close();
  }

  @Test
  @DisplayName(
      "300 clients trickling a byte every 500 ms: /health answers at once, each slow one gets 408")
  void slowBodiesAreCutAndHealthStillAnswers() throws Exception {
    long started = System.nanoTime();
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket socket = RawHttp.open(api.app.port());
      sockets.add(socket);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/auth/signup HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    trickler.scheduleAtFixedRate(this::trickle, 500, 500, TimeUnit.MILLISECONDS);

    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (int i = 0; i < 3; i++) {
      long before = System.nanoTime();
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.app.port() + "/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
      Thread.sleep(300);
    }

    int timedOut = 0;
    for (Socket socket : sockets) {
      RawAnswer answer = RawHttp.read(socket.getInputStream());
      assertThat(answer.status()).as(answer.body()).isEqualTo(408);
      assertThat(answer.header("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(answer.header("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(answer.json().path("code").asText()).isEqualTo("request_timeout");
      timedOut++;
    }
    assertThat(timedOut).isEqualTo(SLOW_CLIENTS);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("every slow client was cut within the deadline plus a margin")
        .isLessThan(DEADLINE.plusSeconds(5));
  }

  @Test
  @DisplayName("a body that stops arriving is cut off at the deadline with 408")
  void stalledBodyIsCutAtTheDeadline() throws Exception {
    Socket socket = RawHttp.open(api.app.port());
    sockets.add(socket);
    long started = System.nanoTime();
    socket
        .getOutputStream()
        .write(
            ("POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"email\":")
                .getBytes(StandardCharsets.US_ASCII));

    RawAnswer answer = RawHttp.read(socket.getInputStream());

    assertThat(answer.status()).isEqualTo(408);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(DEADLINE.minusMillis(200), DEADLINE.plusSeconds(2));
  }

  @Test
  @DisplayName("a body sent at a normal pace in several pieces is served as usual")
  void bodyInPiecesIsServed() throws Exception {
    String body =
        "{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\","
            + "\"organizationName\":\"Engines\"}";
    Socket socket = RawHttp.open(api.app.port());
    sockets.add(socket);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /api/auth/signup HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    int half = body.length() / 2;
    out.write(body.substring(0, half).getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Thread.sleep(200);
    out.write(body.substring(half).getBytes(StandardCharsets.US_ASCII));
    out.flush();

    RawAnswer answer = RawHttp.read(socket.getInputStream());

    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    Answer login = api.logIn("ada@example.com", "correct horse battery");
    assertThat(login.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a client that waits for '100 Continue' before sending its body is served")
  void expectContinueIsServed() throws Exception {
    String body =
        "{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\","
            + "\"organizationName\":\""
            + "E".repeat(150)
            + "\"}";
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.app.port() + "/api/auth/signup"))
                    .expectContinue(true)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
  }

  private void trickle() {
    for (Socket socket : sockets) {
      try {
        socket.getOutputStream().write(' ');
        socket.getOutputStream().flush();
      } catch (IOException cut) {
        // the server has answered and closed: this client is done
      }
    }
  }
}
