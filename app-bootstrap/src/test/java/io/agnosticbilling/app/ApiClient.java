package io.agnosticbilling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls the running server over real HTTP ({@code java.net.http}) and reads JSON answers. */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;

  ApiClient(int port) {
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /** One answer: status, headers and body (parsed on demand). */
  record Reply(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  Reply get(String path, String token) {
    return send(request(path, token, Map.of()).GET());
  }

  Reply post(String path, String json, String token) {
    HttpRequest.Builder request = request(path, token, Map.of("Content-Type", "application/json"));
    return send(request.POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
  }

  Reply patch(String path, String json, String token) {
    HttpRequest.Builder request = request(path, token, Map.of("Content-Type", "application/json"));
    return send(request.method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply delete(String path, String token) {
    return send(request(path, token, Map.of()).DELETE());
  }

  Reply webhook(String payload, String signature) {
    HttpRequest.Builder request =
        request("/api/webhooks/stripe", null, Map.of("Content-Type", "application/json"));
    if (signature != null) {
      request.header("Stripe-Signature", signature);
    }
    return send(request.POST(HttpRequest.BodyPublishers.ofString(payload)));
  }

  Reply get(String path, Map<String, String> headers) {
    return send(request(path, null, headers).GET());
  }

  private HttpRequest.Builder request(String path, String token, Map<String, String> headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    headers.forEach(builder::header);
    return builder;
  }

  static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
