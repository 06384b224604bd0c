package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** {@code /v1/customers}: create and retrieve. */
final class CustomerApi {
  private final SandboxStore store;
  private final StripeJson json;

  CustomerApi(SandboxStore store, StripeJson json) {
    this.store = store;
    this.json = json;
  }

  ObjectNode create(ApiRequest request) {
    Params p = request.params().allowOnly("name", "email", "metadata", "description", "expand");
    request.expand(Set.of());
    String email = p.string("email").filter(e -> !e.isEmpty()).orElse(null);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw StripeError.invalid("email", "Invalid email address: " + email);
    }
    Customer customer =
        new Customer(
            Ids.next("cus"),
            store.now(),
            p.string("name").filter(n -> !n.isEmpty()).orElse(null),
            email,
            Metadata.of(p));
    store.customers.put(customer.id, customer);
    ObjectNode answer = json.customer(customer);
    store.events.emit("customer.created", answer.deepCopy(), null, store.now());
    return answer;
  }

  ObjectNode retrieve(ApiRequest request) {
    request.expand(Set.of());
    return json.customer(store.customer(request.id(), "id"));
  }
}
