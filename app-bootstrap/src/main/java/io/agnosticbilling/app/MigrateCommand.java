package io.agnosticbilling.app;

import io.agnosticbilling.adapter.mongo.MongoMigrations;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code migrate status | up | down <n>}: the schema migrations of the configured store. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Show, apply or roll back schema migrations of the configured store.")
final class MigrateCommand {

  /** Runs {@code work} on the store's migrations, handling configuration and store failures. */
  static int withMigrations(BillingCli cli, Function<MongoMigrations, Integer> work) {
    Optional<BillingConfigLoader.Loaded> loaded = cli.loadConfig();
    if (loaded.isEmpty()) {
      return BillingCli.BAD_CONFIGURATION;
    }
    try (StoreConnection store = StoreConnection.open(loaded.get().config(), cli.clock())) {
      return work.apply(store.store().migrations());
    } catch (RuntimeException e) {
      cli.err().println("Migration failed: " + e.getMessage());
      return BillingCli.FAILED;
    }
  }

  static void print(PrintWriter out, List<MongoMigrations.Status> status) {
    for (MongoMigrations.Status s : status) {
      out.printf(
          "%3d  %-32s  %s%n",
          s.number(), s.appliedAt().map(at -> "applied " + at).orElse("pending"), s.description());
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "List every migration, applied (with when) or pending.")
  static final class Status implements Callable<Integer> {
    private final BillingCli cli;

    Status(BillingCli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return withMigrations(
          cli,
          migrations -> {
            List<MongoMigrations.Status> status = migrations.status();
            print(cli.out(), status);
            long pending = status.stream().filter(s -> !s.applied()).count();
            cli.out().println(pending == 0 ? "Up to date." : pending + " pending.");
            return BillingCli.OK;
          });
    }
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = "Apply every pending migration in order (safe with several instances).")
  static final class Up implements Callable<Integer> {
    private final BillingCli cli;

    Up(BillingCli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return withMigrations(
          cli,
          migrations -> {
            List<Integer> applied = migrations.up();
            cli.out()
                .println(
                    applied.isEmpty()
                        ? "Nothing to apply: up to date."
                        : "Applied " + applied + ".");
            return BillingCli.OK;
          });
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Roll back the <n> most recently applied migrations, newest first.")
  static final class Down implements Callable<Integer> {
    private final BillingCli cli;

    @Parameters(index = "0", paramLabel = "<n>", description = "how many migrations to undo")
    int count;

    Down(BillingCli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      if (count < 1) {
        cli.err().println("<n> must be at least 1 (got " + count + ")");
        return BillingCli.BAD_CONFIGURATION;
      }
      return withMigrations(
          cli,
          migrations -> {
            List<Integer> undone = migrations.down(count);
            cli.out()
                .println(
                    undone.isEmpty()
                        ? "Nothing to roll back: no migration is applied."
                        : "Rolled back " + undone + ".");
            return BillingCli.OK;
          });
    }
  }
}
