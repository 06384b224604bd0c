package io.agnosticbilling.app;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code migrate status | up | down <n>}: the schema migrations of the configured store. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Show, apply or roll back schema migrations of the configured store.")
final class MigrateCommand {

  /** A migrate subcommand: opens the configured store and works on its migrations. */
  abstract static class OnMigrations extends ConfiguredCommand {
    OnMigrations(BillingCli cli) {
      super(cli);
    }

    @Override
    final int run(BillingConfigLoader.Loaded loaded) {
      int refused = check();
      if (refused != BillingCli.OK) {
        return refused;
      }
      try (StoreConnection store = StoreConnection.open(loaded.config(), cli.clock())) {
        return work(store.migrations(), cli.out());
      } catch (RuntimeException e) {
        cli.err().println("Migration failed: " + e.getMessage());
        return BillingCli.FAILED;
      }
    }

    /** Argument checks before the store is opened; {@link BillingCli#OK} to go on. */
    int check() {
      return BillingCli.OK;
    }

    abstract int work(StoreConnection.Migrations migrations, PrintWriter out);
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "List every migration, applied (with when) or pending.")
  static final class Status extends OnMigrations {
    Status(BillingCli cli) {
      super(cli);
    }

    @Override
    int work(StoreConnection.Migrations migrations, PrintWriter out) {
      List<StoreConnection.MigrationStatus> status = migrations.status();
      for (StoreConnection.MigrationStatus s : status) {
        out.printf(
            "%3d  %-32s  %s%n",
            s.number(),
            s.appliedAt().map(at -> "applied " + at).orElse("pending"),
            s.description());
      }
      long pending = status.stream().filter(s -> !s.applied()).count();
      out.println(pending == 0 ? "Up to date." : pending + " pending.");
      return BillingCli.OK;
    }
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = "Apply every pending migration in order (safe with several instances).")
  static final class Up extends OnMigrations {
    Up(BillingCli cli) {
      super(cli);
    }

    @Override
    int work(StoreConnection.Migrations migrations, PrintWriter out) {
      List<Integer> applied = migrations.up();
      out.println(applied.isEmpty() ? "Nothing to apply: up to date." : "Applied " + applied + ".");
      return BillingCli.OK;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Roll back the <n> most recently applied migrations, newest first.")
  static final class Down extends OnMigrations {
    @Parameters(index = "0", paramLabel = "<n>", description = "how many migrations to undo")
    int count;

    Down(BillingCli cli) {
      super(cli);
    }

    @Override
    int check() {
      if (count < 1) {
        cli.err().println("<n> must be at least 1 (got " + count + ")");
        return BillingCli.BAD_CONFIGURATION;
      }
      return BillingCli.OK;
    }

    @Override
    int work(StoreConnection.Migrations migrations, PrintWriter out) {
      List<Integer> undone = migrations.down(count);
      out.println(
          undone.isEmpty()
              ? "Nothing to roll back: no migration is applied."
              : "Rolled back " + undone + ".");
      return BillingCli.OK;
    }
  }
}
