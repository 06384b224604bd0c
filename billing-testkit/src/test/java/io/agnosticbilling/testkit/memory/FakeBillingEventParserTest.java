package io.agnosticbilling.testkit.memory;

import static io.agnosticbilling.testkit.builder.Builders.anInvoiceEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.event.BillingEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FakeBillingEventParserTest {
  private final FakeBillingEventParser parser = new FakeBillingEventParser();

  @Test
  @DisplayName("a payload handed out for an event parses back to that event")
  void roundTrip() {
    BillingEvent paid = anInvoiceEvent().eventId("evt_paid").build();
    BillingEvent failed = anInvoiceEvent().eventId("evt_failed").failed().build();

    String paidPayload = parser.payloadOf(paid);
    String failedPayload = parser.payloadOf(failed);

    assertThat(parser.parse(paidPayload)).isEqualTo(paid);
    assertThat(parser.parse(failedPayload)).isEqualTo(failed);
  }

  @Test
  @DisplayName("a payload it never handed out is refused as the port says")
  void unknownPayloadRefused() {
    assertThatThrownBy(() -> parser.parse("{\"id\":\"evt_x\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
