package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.Organization;

/** Use case: check an email and password; one refusal for unknown email and wrong password. */
public interface LogIn {

  LoggedIn logIn(String email, String password);

  /** The member and the organization it belongs to. */
  record LoggedIn(Member member, Organization organization) {}
}
