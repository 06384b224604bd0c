package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.Organization;

/** Use case: create an organization on the free plan with its first admin. */
public interface SignUp {

  SignedUp signUp(Command command);

  /** What a person types to sign up. */
  record Command(String email, String password, String organizationName) {}

  /** The new admin and organization. */
  record SignedUp(Member member, Organization organization) {}
}
