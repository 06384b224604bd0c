package io.agnosticbilling.sandbox;

import static io.agnosticbilling.sandbox.SandboxFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApiWireFormatTest {
  private final SandboxFixture fx = new SandboxFixture();

  @AfterEach
  void stop() {
    fx.close();
  }

  @Nested
  @DisplayName("idempotency")
  class Idempotency {

    @Test
    @DisplayName("the same key and parameters replay the first answer and create nothing new")
    void replay() {
      HttpResponse<String> first =
          fx.api(
              "POST",
              "/v1/customers",
              "email=a%40acme.test&metadata[org]=1",
              "Idempotency-Key",
              "k1");
      HttpResponse<String> second =
          fx.api(
              "POST",
              "/v1/customers",
              "metadata[org]=1&email=a%40acme.test",
              "Idempotency-Key",
              "k1");

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
      assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
      assertThat(fx.eventTypes()).containsExactly("customer.created");
    }

    @Test
    @DisplayName("the same key with other parameters is refused with Stripe's idempotency_error")
    void mismatch() {
      fx.api("POST", "/v1/customers", "email=a%40acme.test", "Idempotency-Key", "k2");
      HttpResponse<String> other =
          fx.api("POST", "/v1/customers", "email=b%40acme.test", "Idempotency-Key", "k2");

      assertThat(other.statusCode()).isEqualTo(400);
      JsonNode error = json(other).get("error");
      assertThat(error.get("type").asText()).isEqualTo("idempotency_error");
      assertThat(error.get("message").asText()).contains("same parameters").contains("'k2'");
      assertThat(fx.eventTypes()).containsExactly("customer.created");
    }

    @Test
    @DisplayName(
        "stripe-java sees a mismatch as IdempotencyException and a replay as the same object")
    void throughStripeJava() throws Exception {
      RequestOptions key = RequestOptions.builder().setIdempotencyKey("k3").build();
      var params = CustomerCreateParams.builder().setName("Acme").build();
      var first = fx.stripe.v1().customers().create(params, key);
      var again = fx.stripe.v1().customers().create(params, key);

      assertThat(again.getId()).isEqualTo(first.getId());
      assertThatThrownBy(
              () ->
                  fx.stripe
                      .v1()
                      .customers()
                      .create(CustomerCreateParams.builder().setName("Other").build(), key))
          .isInstanceOf(IdempotencyException.class)
          .satisfies(e -> assertThat(((IdempotencyException) e).getStatusCode()).isEqualTo(400));
    }

    @Test
    @DisplayName("requests racing with one key create one object and all get its answer")
    void race() throws Exception {
      int clients = 8;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          answers.add(
              pool.submit(
                  () -> {
                    go.await();
                    return fx.api("POST", "/v1/customers", "name=Race", "Idempotency-Key", "race");
                  }));
        }
        go.countDown();
        Set<String> ids =
            answers.stream()
                .map(
                    f -> {
                      try {
                        return json(f.get()).get("id").asText();
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    })
                .collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        assertThat(fx.eventTypes()).containsExactly("customer.created");
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName(
        "a refused request is not kept: the key may be used again once the request is fixed")
    void errorsAreNotKept() {
      HttpResponse<String> refused =
          fx.api("POST", "/v1/customers", "email=not-an-email", "Idempotency-Key", "k4");
      HttpResponse<String> fixed =
          fx.api("POST", "/v1/customers", "email=ok%40acme.test", "Idempotency-Key", "k4");

      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(fixed.statusCode()).isEqualTo(200);
    }
  }

  @Nested
  @DisplayName("errors in Stripe's shape")
  class Errors {

    @Test
    @DisplayName("no key: 401 with Stripe's message; a wrong key: 401 naming only its last four")
    void authentication() {
      HttpResponse<String> none =
          fx.send(
              HttpRequest.newBuilder(URI.create(fx.sandbox.baseUrl() + "/v1/customers/cus_x"))
                  .GET()
                  .build());
      HttpResponse<String> wrong =
          fx.api(
              "GET", "/v1/customers/cus_x", null, "Authorization", "Bearer sk_test_wrongKey1234");

      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(json(none).at("/error/type").asText()).isEqualTo("invalid_request_error");
      assertThat(json(none).at("/error/message").asText()).contains("did not provide an API key");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(json(wrong).at("/error/message").asText())
          .endsWith("1234")
          .doesNotContain("wrongKey");
      StripeClient wrongClient =
          StripeClient.builder().setApiKey("sk_test_nope").setApiBase(fx.sandbox.baseUrl()).build();
      assertThatThrownBy(() -> wrongClient.v1().customers().retrieve("cus_x"))
          .isInstanceOf(AuthenticationException.class);
    }

    @Test
    @DisplayName("a missing object: 404 resource_missing with the param, InvalidRequestException")
    void missing() {
      HttpResponse<String> answer = fx.api("GET", "/v1/subscriptions/sub_nope", null);

      assertThat(answer.statusCode()).isEqualTo(404);
      JsonNode error = json(answer).get("error");
      assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
      assertThat(error.get("code").asText()).isEqualTo("resource_missing");
      assertThat(error.get("param").asText()).isEqualTo("id");
      assertThat(error.get("message").asText()).isEqualTo("No such subscription: 'sub_nope'");
      assertThatThrownBy(() -> fx.stripe.v1().subscriptions().retrieve("sub_nope"))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo("resource_missing");
                assertThat(e.getStatusCode()).isEqualTo(404);
              });
    }

    @Test
    @DisplayName("unknown and missing parameters: 400 naming the parameter; nothing is created")
    void parameters() {
      HttpResponse<String> unknown = fx.api("POST", "/v1/customers", "colour=blue");
      HttpResponse<String> missing = fx.api("POST", "/v1/products", "description=x");

      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(json(unknown).at("/error/code").asText()).isEqualTo("parameter_unknown");
      assertThat(json(unknown).at("/error/param").asText()).isEqualTo("colour");
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(json(missing).at("/error/code").asText()).isEqualTo("parameter_missing");
      assertThat(json(missing).at("/error/param").asText()).isEqualTo("name");
      assertThat(fx.sandbox.events()).isEmpty();
    }

    @Test
    @DisplayName("an endpoint the sandbox does not implement: 404 saying so")
    void unknownUrl() {
      HttpResponse<String> answer = fx.api("GET", "/v1/charges", null);

      assertThat(answer.statusCode()).isEqualTo(404);
      assertThat(json(answer).at("/error/message").asText())
          .contains("Unrecognized request URL (GET: /v1/charges)");
    }

    @Test
    @DisplayName("another API version is refused rather than answered in the wrong shape")
    void version() {
      HttpResponse<String> answer =
          fx.api("GET", "/v1/customers/cus_x", null, "Stripe-Version", "2024-09-30.acacia");

      assertThat(answer.statusCode()).isEqualTo(400);
      assertThat(json(answer).at("/error/message").asText()).contains("2026-07-29.dahlia");
    }
  }
}
