package io.agnosticbilling.testkit.memory;

import static io.agnosticbilling.testkit.builder.Builders.anInvoiceEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.WebhookRefused;
import io.agnosticbilling.domain.error.WebhookRefused.Reason;
import io.agnosticbilling.domain.event.BillingEvent;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FakePaymentEventsTest {
  private final FakePaymentEvents events = new FakePaymentEvents();

  @Test
  @DisplayName("a payload handed out for an event reads back to that event")
  void roundTrip() {
    BillingEvent paid = anInvoiceEvent().eventId("evt_paid").build();
    BillingEvent failed = anInvoiceEvent().eventId("evt_failed").failed().build();

    String paidPayload = events.payloadOf(paid);
    String failedPayload = events.payloadOf(failed);

    assertThat(events.read(paidPayload)).isEqualTo(paid);
    assertThat(events.read(failedPayload)).isEqualTo(failed);
  }

  @Test
  @DisplayName("a payload it never handed out is refused as malformed, as the port says")
  void unknownPayloadRefused() {
    assertRefused(() -> events.read("{\"id\":\"evt_x\"}"), Reason.MALFORMED_PAYLOAD);
    assertRefused(() -> events.read(null), Reason.MALFORMED_PAYLOAD);
  }

  @Test
  @DisplayName("a delivery is trusted only with the valid signature")
  void signatureChecked() {
    BillingEvent paid = anInvoiceEvent().eventId("evt_paid").build();
    events.register("body", paid);

    assertThat(events.verify("body", Optional.of(FakePaymentEvents.VALID))).isEqualTo(paid);
    assertRefused(() -> events.verify("body", Optional.empty()), Reason.MISSING_SIGNATURE);
    assertRefused(() -> events.verify("body", Optional.of("t=1,v1=x")), Reason.INVALID_SIGNATURE);
  }

  private static void assertRefused(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            WebhookRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
