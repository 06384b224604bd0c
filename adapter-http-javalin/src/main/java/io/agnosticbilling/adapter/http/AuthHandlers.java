package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.error.AuthenticationFailedException;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.GetBillingOverview;
import io.agnosticbilling.domain.port.in.LogIn;
import io.agnosticbilling.domain.port.in.SignUp;

/** Handlers of {@code /api/auth}: sign-up and login, both answering with a fresh token. */
final class AuthHandlers {
  private final SignUp signUp;
  private final LogIn logIn;
  private final GetBillingOverview overview;
  private final PlanCatalog catalog;
  private final JwtTokens tokens;
  private final LoginThrottle throttle;
  private final SignupThrottle signupThrottle;
  private final SafeListener listener;

  AuthHandlers(
      SignUp signUp,
      LogIn logIn,
      GetBillingOverview overview,
      PlanCatalog catalog,
      JwtTokens tokens,
      LoginThrottle throttle,
      SignupThrottle signupThrottle,
      SafeListener listener) {
    this.signUp = signUp;
    this.logIn = logIn;
    this.overview = overview;
    this.catalog = catalog;
    this.tokens = tokens;
    this.throttle = throttle;
    this.signupThrottle = signupThrottle;
    this.listener = listener;
  }

  ApiResponse signUp(ApiCall call) {
    JsonBody body = call.json();
    SignUp.Command command =
        new SignUp.Command(
            body.requiredText("email"),
            body.requiredText("password"),
            body.requiredText("organizationName"));
    signupThrottle.attempt(call.clientAddress());
    SignUp.SignedUp signedUp = signUp.signUp(command);
    Member admin = signedUp.member();
    // A new organization has no subscription, so its plan is the catalog's free plan.
    return ApiResponse.created(
        BillingJsonMapper.session(
            tokens.issue(admin), admin, signedUp.organization().name(), catalog.free().id()));
  }

  ApiResponse logIn(ApiCall call) {
    JsonBody body = call.json();
    String email = body.requiredText("email");
    String password = body.requiredText("password");
    String address = call.clientAddress();
    LoginThrottle.Permit permit;
    try {
      permit = throttle.begin(email, address);
    } catch (ApiException throttled) {
      listener.loginThrottled();
      throw throttled;
    }
    LogIn.LoggedIn loggedIn;
    try {
      loggedIn = logIn.logIn(email, password);
    } catch (AuthenticationFailedException refused) {
      // A wrong password or unknown email: the places taken stay counted as failures.
      throw refused;
    } catch (RuntimeException notAnAnswer) {
      throttle.abandoned(permit);
      throw notAnAnswer;
    }
    throttle.succeeded(permit);
    Member member = loggedIn.member();
    PlanId plan = overview.overview(member.organizationId()).plan();
    return ApiResponse.ok(
        BillingJsonMapper.session(
            tokens.issue(member), member, loggedIn.organization().name(), plan));
  }
}
