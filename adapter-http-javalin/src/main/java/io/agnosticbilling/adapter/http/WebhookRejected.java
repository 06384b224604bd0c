package io.agnosticbilling.adapter.http;

import java.util.Objects;

/**
 * Refusal: a webhook delivery that is not trusted or not understood; answered 400 with {@code
 * reason} as the problem code so the provider's dashboard shows why.
 */
public final class WebhookRejected extends Exception {
  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * @param reason a stable machine name, such as {@code missing_signature}, {@code
   *     invalid_signature}, {@code timestamp_out_of_tolerance}, {@code malformed_payload}
   * @param message a sentence for people; must not contain the secret or the expected signature
   */
  public WebhookRejected(String reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "'reason' must not be null");
  }

  public String reason() {
    return reason;
  }
}
