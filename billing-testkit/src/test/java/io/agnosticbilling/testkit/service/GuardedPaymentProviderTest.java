package io.agnosticbilling.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.ProviderCallInTransaction;
import io.agnosticbilling.domain.service.GuardedPaymentProvider;
import io.agnosticbilling.testkit.payment.FakePaymentProvider;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The facade's guard: inside {@code refusingCalls} a provider call is refused before it reaches the
 * provider; outside, and on other threads meanwhile, calls go through.
 */
class GuardedPaymentProviderTest {
  final FakePaymentProvider provider = new FakePaymentProvider().livemode(true);
  final GuardedPaymentProvider guarded = new GuardedPaymentProvider(provider);

  @Test
  @DisplayName("a call inside refusingCalls throws before the provider is called")
  void refusedBeforeTheProvider() {
    assertThatThrownBy(() -> guarded.refusingCalls(() -> guarded.fetchSubscription("sub_1")))
        .isInstanceOf(ProviderCallInTransaction.class)
        .hasMessageContaining("fetchSubscription");
    assertThatThrownBy(() -> guarded.refusingCalls(() -> guarded.listInvoices("cus_1", 3)))
        .isInstanceOf(ProviderCallInTransaction.class);

    assertThat(provider.calls()).isEmpty();
  }

  @Test
  @DisplayName("the mode and whether payments are configured are answered inside as well")
  void configurationIsNotACall() {
    assertThat(guarded.refusingCalls(guarded::livemode)).isTrue();
    assertThat(guarded.refusingCalls(guarded::configured)).isTrue();
  }

  @Test
  @DisplayName("outside the work, after it and on another thread during it, calls go through")
  void onlyTheWorkIsRefused() {
    String otherThread =
        guarded.refusingCalls(
            () ->
                CompletableFuture.supplyAsync(() -> guarded.fetchSubscription("sub_2").toString())
                    .join());
    guarded.refusingCalls(() -> guarded.refusingCalls(() -> "nested"));
    guarded.fetchSubscription("sub_3");

    assertThat(otherThread).isEqualTo("Optional.empty");
    assertThat(provider.calls("fetchSubscription"))
        .extracting(call -> call.arguments().get(0))
        .containsExactly("sub_2", "sub_3");
  }
}
