package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.error.AuthenticationFailedException;
import io.agnosticbilling.domain.error.BillingException;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.error.PaymentProviderException.Kind;
import io.agnosticbilling.domain.error.PaymentsNotConfiguredException;
import io.agnosticbilling.domain.error.StoredDataException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one mapping table from failures to statuses, row by row. */
class ProblemMapperTest {

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of(new InvalidInputException("plan", "'plan' is unknown"), 400, "invalid_input"),
        Arguments.of(new AuthenticationFailedException(), 401, "invalid_credentials"),
        Arguments.of(new NotFoundException("event_not_found", "No event."), 404, "event_not_found"),
        Arguments.of(
            new ConflictException("already_subscribed", "Already."), 409, "already_subscribed"),
        Arguments.of(new ConcurrentUpdateException("version moved"), 409, "concurrent_update"),
        Arguments.of(new PaymentsNotConfiguredException(), 503, "payments_not_configured"),
        Arguments.of(
            new PaymentProviderException(Kind.CARD_DECLINED, "Declined."), 402, "card_declined"),
        Arguments.of(
            new PaymentProviderException(Kind.RATE_LIMITED, "slow"), 503, "provider_rate_limited"),
        Arguments.of(
            new PaymentProviderException(Kind.INVALID_REQUEST, "bad"),
            502,
            "provider_invalid_request"),
        Arguments.of(
            new PaymentProviderException(Kind.AUTHENTICATION, "key"),
            502,
            "provider_authentication"),
        Arguments.of(
            new PaymentProviderException(Kind.UNREACHABLE, "down"), 502, "provider_unreachable"),
        Arguments.of(new PaymentProviderException(Kind.UNKNOWN, "odd"), 502, "provider_error"),
        Arguments.of(new EventProcessingException("event failed"), 500, "event_processing_failed"),
        Arguments.of(new StoredDataException("orgs/org_1: bad 'plan'"), 500, "stored_data_invalid"),
        Arguments.of(
            new io.agnosticbilling.domain.error.ProviderChangeNotSavedException(
                "cancellation", new IllegalStateException("store down")),
            500,
            "provider_change_not_saved"));
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("rows")
  void everyDomainFailureHasItsStatusAndCode(BillingException failure, int status, String code) {
    Problem problem = ProblemMapper.toProblem(failure, "POST", "/api/x");

    assertThat(problem.status()).isEqualTo(status);
    assertThat(problem.code()).isEqualTo(code);
    assertThat(problem.body("/api/x")).containsEntry("status", status).containsEntry("code", code);
  }

  @ParameterizedTest
  @MethodSource("internals")
  void internalDetailsStayOut(RuntimeException failure, String hidden) {
    Problem problem = ProblemMapper.toProblem(failure, "GET", "/api/billing");

    assertThat(problem.detail()).doesNotContain(hidden);
    assertThat(problem.status()).isGreaterThanOrEqualTo(500);
  }

  static Stream<Arguments> internals() {
    return Stream.of(
        Arguments.of(new NullPointerException("field 'x' of org_secret"), "org_secret"),
        Arguments.of(new StoredDataException("orgs/org_other: bad 'plan'"), "org_other"),
        Arguments.of(
            new PaymentProviderException(Kind.AUTHENTICATION, "Invalid API Key sk_live_abc"),
            "sk_live"));
  }
}
