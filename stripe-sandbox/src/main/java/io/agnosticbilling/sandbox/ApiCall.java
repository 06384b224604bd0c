package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A handler of one API endpoint: the request in, the answered object out (or a StripeError). */
@FunctionalInterface
interface ApiCall {
  ObjectNode handle(ApiRequest request);
}
