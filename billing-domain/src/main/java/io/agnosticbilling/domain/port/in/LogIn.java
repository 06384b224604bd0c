package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.Member;

/** Use case: check an email and password; one refusal for unknown email and wrong password. */
public interface LogIn {

  Member logIn(String email, String password);
}
