package io.agnosticbilling.app;

import io.agnosticbilling.domain.error.BillingException;
import io.agnosticbilling.domain.organization.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code operators add|remove|list}: the only way to grant operator rights, which live in the store
 * (never derived from sign-up); a removal takes effect at once, even for tokens already issued.
 */
@Command(
    name = "operators",
    mixinStandardHelpOptions = true,
    description =
        "Operator rights (metrics, webhook log, replay, reconcile for all organizations).")
final class OperatorsCommand {

  /** {@code operators add <email>}: the account with this email becomes an operator. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Make an existing account an operator (it logs in again to get the claim).")
  static final class Add extends Change {
    Add(BillingCli cli) {
      super(cli, true);
    }
  }

  /** {@code operators remove <email>}: the account's operator rights end now. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Withdraw an account's operator rights; its tokens lose them at once.")
  static final class Remove extends Change {
    Remove(BillingCli cli) {
      super(cli, false);
    }
  }

  /** Shared by add and remove: one email, set or clear the flag in the configured store. */
  abstract static class Change extends ConfiguredCommand {
    private final boolean grant;

    @Parameters(index = "0", paramLabel = "<email>", description = "the account's email")
    String email;

    Change(BillingCli cli, boolean grant) {
      super(cli);
      this.grant = grant;
    }

    @Override
    int run(BillingConfigLoader.Loaded loaded) {
      try (Wiring wiring = Wiring.connect(loaded.config(), cli.clock())) {
        Member member =
            grant ? wiring.billing().grantOperator(email) : wiring.billing().revokeOperator(email);
        cli.out()
            .println(
                member.email().value()
                    + (grant ? " is an operator" : " is no longer an operator")
                    + " (organization "
                    + member.organizationId().value()
                    + ")");
        return BillingCli.OK;
      } catch (BillingException e) {
        cli.err().println("operators: " + e.getMessage() + " (" + e.code() + ")");
        return BillingCli.FAILED;
      } catch (RuntimeException e) {
        cli.err().println("operators: failed: " + e.getMessage());
        return BillingCli.FAILED;
      }
    }
  }

  /** {@code operators list}: every operator's email and organization, by email. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the operators.")
  static final class ListOperators extends ConfiguredCommand {
    ListOperators(BillingCli cli) {
      super(cli);
    }

    @Override
    int run(BillingConfigLoader.Loaded loaded) {
      try (Wiring wiring = Wiring.connect(loaded.config(), cli.clock())) {
        var operators = wiring.billing().operators();
        for (Member m : operators) {
          cli.out().println(m.email().value() + " " + m.organizationId().value());
        }
        if (operators.isEmpty()) {
          cli.out().println("no operators (add one with 'operators add <email>')");
        }
        return BillingCli.OK;
      } catch (RuntimeException e) {
        cli.err().println("operators: failed: " + e.getMessage());
        return BillingCli.FAILED;
      }
    }
  }
}
