package io.agnosticbilling.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** One API call as the resource handlers see it: path parameters and the decoded form. */
record ApiRequest(Map<String, String> pathParams, Params params) {

  String id() {
    return pathParams.get("id");
  }

  /** The {@code expand[]} paths asked for, refusing any that this endpoint cannot expand. */
  Set<String> expand(Set<String> expandable) {
    List<String> asked = params.list("expand");
    for (String path : asked) {
      if (!expandable.contains(path)) {
        throw StripeError.invalid("expand", "This property cannot be expanded (" + path + ").");
      }
    }
    return Set.copyOf(asked);
  }
}
