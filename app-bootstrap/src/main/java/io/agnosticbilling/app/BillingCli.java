package io.agnosticbilling.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Inbound adapter: the command line of {@code java -jar billing-server.jar <command>}; {@code
 * serve} when no command is given. Exit codes: 0 done, 1 failed, 2 bad usage or configuration.
 */
@Command(
    name = "billing-server",
    mixinStandardHelpOptions = true,
    versionProvider = BillingCli.Version.class,
    description = "Agnostic Billing: Stripe subscription billing server and operator tools.",
    footer = {
      "",
      "Configuration comes from the environment and ./.env (the environment wins);",
      "see docs/configuration.md. Without a command, 'serve' runs.",
      "'demo' runs everything offline against a Stripe sandbox, without any configuration."
    })
public final class BillingCli implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_CONFIGURATION = 2;

  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final Clock clock;
  private PrintWriter out;
  private PrintWriter err;

  /**
   * @param environment the variables to read ({@code System.getenv()} in production)
   * @param workingDirectory where {@code .env} is read and relative paths start
   */
  public BillingCli(Map<String, String> environment, Path workingDirectory, Clock clock) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "'environment' is null"));
    this.workingDirectory = Objects.requireNonNull(workingDirectory, "'workingDirectory' is null");
    this.clock = Objects.requireNonNull(clock, "'clock' is null");
  }

  public static void main(String[] args) {
    int code =
        new BillingCli(System.getenv(), Path.of("").toAbsolutePath(), Clock.systemUTC())
            .execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    System.exit(code);
  }

  /** Runs one command line; returns the exit code. */
  public int execute(PrintWriter out, PrintWriter err, String... args) {
    this.out = out;
    this.err = err;
    CommandLine cli = new CommandLine(this);
    cli.addSubcommand("serve", new ServeCommand(this));
    cli.addSubcommand("demo", new DemoCommand(this));
    CommandLine migrate = new CommandLine(new MigrateCommand());
    migrate.addSubcommand("status", new MigrateCommand.Status(this));
    migrate.addSubcommand("up", new MigrateCommand.Up(this));
    migrate.addSubcommand("down", new MigrateCommand.Down(this));
    cli.addSubcommand("migrate", migrate);
    CommandLine config = new CommandLine(new ConfigCommand());
    config.addSubcommand("check", new ConfigCommand.Check(this));
    cli.addSubcommand("config", config);
    CommandLine stripe = new CommandLine(new StripeCommand());
    stripe.addSubcommand("sync-catalog", new StripeCommand.SyncCatalog(this));
    cli.addSubcommand("stripe", stripe);
    cli.addSubcommand("reconcile", new ReconcileCommand(this));
    cli.addSubcommand("backup", new BackupCommand(this));
    CommandLine webhooks = new CommandLine(new WebhooksCommand());
    webhooks.addSubcommand("replay", new WebhooksCommand.Replay(this));
    cli.addSubcommand("webhooks", webhooks);
    CommandLine operators = new CommandLine(new OperatorsCommand());
    operators.addSubcommand("add", new OperatorsCommand.Add(this));
    operators.addSubcommand("remove", new OperatorsCommand.Remove(this));
    operators.addSubcommand("list", new OperatorsCommand.ListOperators(this));
    cli.addSubcommand("operators", operators);
    cli.setOut(out);
    cli.setErr(err);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** No command: serve. */
  @Override
  public Integer call() {
    return new ServeCommand(this).call();
  }

  /** Loads and validates the configuration; prints every problem and returns empty on failure. */
  Optional<BillingConfigLoader.Loaded> loadConfig() {
    try {
      return Optional.of(new BillingConfigLoader().load(environment, workingDirectory));
    } catch (ConfigurationException e) {
      err.println(e.getMessage());
      return Optional.empty();
    }
  }

  Map<String, String> environment() {
    return environment;
  }

  Path workingDirectory() {
    return workingDirectory;
  }

  Clock clock() {
    return clock;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  /** The version from the jar's manifest ({@code dev} when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = BillingCli.class.getPackage().getImplementationVersion();
      return new String[] {"billing-server " + (version == null ? "dev" : version)};
    }
  }
}
