package io.agnosticbilling.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {
  @Test
  void moneyIsMinorUnitsOfANormalizedCurrency() {
    assertThat(new Money(9900, "USD")).isEqualTo(Money.usd(9900));
    assertThat(Money.usd(9900).plus(Money.usd(49900))).isEqualTo(Money.usd(59800));
    assertThatThrownBy(() -> Money.usd(1).plus(new Money(1, "eur")))
        .hasMessageContaining("cannot add eur to usd");
    assertThatThrownBy(() -> new Money(1, "dollars"))
        .hasMessage("'currency' must be a three-letter ISO code");
  }
}
