package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.testkit.contract.OrganizationsContract;

class InMemoryOrganizationsTest extends OrganizationsContract {
  @Override
  protected Organizations newOrganizations() {
    return new InMemoryOrganizations();
  }
}
