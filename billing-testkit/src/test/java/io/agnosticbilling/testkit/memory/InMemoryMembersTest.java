package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.testkit.contract.MembersContract;

class InMemoryMembersTest extends MembersContract {
  @Override
  protected Members newMembers() {
    return new InMemoryMembers();
  }
}
