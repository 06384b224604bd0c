package io.agnosticbilling.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.PriceSearchParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The catalog, lists and expansions, read back through stripe-java's typed models. */
class CatalogAndListsTest {
  private final SandboxFixture fx = new SandboxFixture();

  @AfterEach
  void stop() {
    fx.close();
  }

  private PriceCreateParams.Builder monthly(String product, long amount) {
    return PriceCreateParams.builder()
        .setProduct(product)
        .setCurrency("usd")
        .setUnitAmount(amount)
        .setRecurring(
            PriceCreateParams.Recurring.builder()
                .setInterval(PriceCreateParams.Recurring.Interval.MONTH)
                .build());
  }

  @Test
  @DisplayName("prices are found by lookup key; a taken key is refused unless transferred")
  void lookupKeys() throws Exception {
    Price old = fx.price("team", 9900);

    assertThatThrownBy(
            () ->
                fx.stripe
                    .v1()
                    .prices()
                    .create(monthly("prod_team", 12900).setLookupKey("team_monthly").build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("lookup_key"));
    Price moved =
        fx.stripe
            .v1()
            .prices()
            .create(
                monthly("prod_team", 12900)
                    .setLookupKey("team_monthly")
                    .setTransferLookupKey(true)
                    .build());

    List<Price> found =
        fx.stripe
            .v1()
            .prices()
            .list(PriceListParams.builder().addLookupKey("team_monthly").setActive(true).build())
            .getData();
    assertThat(found).extracting(Price::getId).containsExactly(moved.getId());
    assertThat(fx.stripe.v1().prices().retrieve(old.getId()).getLookupKey()).isNull();
    assertThat(moved.getRecurring().getInterval()).isEqualTo("month");
    assertThat(moved.getUnitAmount()).isEqualTo(12900L);
    List<Price> searched =
        fx.stripe
            .v1()
            .prices()
            .search(
                PriceSearchParams.builder()
                    .setQuery("lookup_key:'team_monthly' AND active:'true'")
                    .build())
            .getData();
    assertThat(searched).extracting(Price::getId).containsExactly(moved.getId());
  }

  @Test
  @DisplayName("a product id is taken once; a missing one is 404 for the catalog sync's lookup")
  void products() throws Exception {
    fx.price("team", 9900);

    assertThat(fx.stripe.v1().products().retrieve("prod_team").getMetadata())
        .containsEntry("plan", "team");
    assertThatThrownBy(() -> fx.price("team", 9900))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.getCode()).isEqualTo("resource_already_exists"));
    assertThatThrownBy(() -> fx.stripe.v1().products().retrieve("prod_nope"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
  }

  @Test
  @DisplayName(
      "subscription lists page newest first; canceled ones only with status all or canceled")
  void subscriptionPages() throws Exception {
    String price = fx.price("team", 9900).getId();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(fx.subscribe(price, "4242424242424242", null));
    }
    fx.stripe.v1().subscriptions().cancel(created.get(0));

    List<String> paged = new ArrayList<>();
    fx.stripe
        .v1()
        .subscriptions()
        .list(
            SubscriptionListParams.builder()
                .setStatus(SubscriptionListParams.Status.ALL)
                .setLimit(2L)
                .build())
        .autoPagingIterable()
        .forEach(s -> paged.add(s.getId()));
    List<Subscription> live =
        fx.stripe.v1().subscriptions().list(SubscriptionListParams.builder().build()).getData();
    List<Subscription> canceled =
        fx.stripe
            .v1()
            .subscriptions()
            .list(
                SubscriptionListParams.builder()
                    .setStatus(SubscriptionListParams.Status.CANCELED)
                    .build())
            .getData();

    List<String> newestFirst = new ArrayList<>(created);
    Collections.reverse(newestFirst);
    assertThat(paged).containsExactlyElementsOf(newestFirst);
    assertThat(live).extracting(Subscription::getId).doesNotContain(created.get(0)).hasSize(4);
    assertThat(canceled).extracting(Subscription::getId).containsExactly(created.get(0));
    HttpResponse<String> beforeFirst =
        fx.api("GET", "/v1/subscriptions?status=all&limit=2&ending_before=" + created.get(2), null);
    List<String> newer = new ArrayList<>();
    SandboxFixture.json(beforeFirst).get("data").forEach(s -> newer.add(s.get("id").asText()));
    assertThat(newer)
        .as("the two just newer than the cursor")
        .containsExactly(created.get(4), created.get(3));
  }

  @Test
  @DisplayName("a Checkout session expands its subscription, customer and line items on request")
  void expand() throws Exception {
    String price = fx.price("team", 9900).getId();
    Session session = fx.checkout(fx.customer("a@acme.test"), price, null);
    fx.pay(session.getUrl(), "4242424242424242");

    Session expanded =
        fx.stripe
            .v1()
            .checkout()
            .sessions()
            .retrieve(
                session.getId(),
                SessionRetrieveParams.builder()
                    .addExpand("subscription")
                    .addExpand("customer")
                    .addExpand("line_items")
                    .build());

    assertThat(expanded.getSubscriptionObject().getStatus()).isEqualTo("active");
    assertThat(expanded.getCustomerObject().getEmail()).isEqualTo("a@acme.test");
    assertThat(expanded.getLineItems().getData().get(0).getPrice().getId()).isEqualTo(price);
    assertThat(
            fx.api(
                    "GET",
                    "/v1/checkout/sessions/" + session.getId() + "?expand[]=payment_intent",
                    null)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  @DisplayName("a refused update changes nothing: bad price, past cancel_at, canceled subscription")
  void refusedUpdates() throws Exception {
    String price = fx.price("team", 9900).getId();
    String id = fx.subscribe(price, "4242424242424242", null);
    Subscription before = fx.stripe.v1().subscriptions().retrieve(id);
    String item = before.getItems().getData().get(0).getId();
    int events = fx.sandbox.events().size();

    assertThatThrownBy(
            () ->
                fx.stripe
                    .v1()
                    .subscriptions()
                    .update(
                        id,
                        SubscriptionUpdateParams.builder()
                            .addItem(
                                SubscriptionUpdateParams.Item.builder()
                                    .setId(item)
                                    .setPrice("price_nope")
                                    .build())
                            .setCancelAtPeriodEnd(true)
                            .build()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                fx.stripe
                    .v1()
                    .subscriptions()
                    .update(id, SubscriptionUpdateParams.builder().setCancelAt(1L).build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("cancel_at"));
    Subscription after = fx.stripe.v1().subscriptions().retrieve(id);
    assertThat(after.getCancelAtPeriodEnd()).isFalse();
    assertThat(after.getItems().getData().get(0).getPrice().getId()).isEqualTo(price);
    assertThat(fx.sandbox.events()).hasSize(events);

    fx.stripe.v1().subscriptions().cancel(id);
    assertThatThrownBy(
            () ->
                fx.stripe
                    .v1()
                    .subscriptions()
                    .update(
                        id, SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  @DisplayName("a Checkout page paid from several tabs at once creates one subscription")
  void concurrentPayments() throws Exception {
    String price = fx.price("team", 9900).getId();
    Session session = fx.checkout(fx.customer("a@acme.test"), price, null);
    int tabs = 6;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(tabs);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < tabs; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return fx.pay(session.getUrl(), "4242424242424242");
                }));
      }
      go.countDown();
      for (Future<HttpResponse<String>> answer : answers) {
        assertThat(answer.get().statusCode()).isEqualTo(303);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(
            fx.stripe
                .v1()
                .subscriptions()
                .list(
                    SubscriptionListParams.builder()
                        .setStatus(SubscriptionListParams.Status.ALL)
                        .build())
                .getData())
        .hasSize(1);
    assertThat(fx.eventTypes()).containsOnlyOnce("checkout.session.completed");
  }
}
