package io.agnosticbilling.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code config check}: validates the configuration and prints it with secrets masked. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Inspect the configuration.")
final class ConfigCommand {

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validate the configuration; print it with secrets masked and the mode.",
        "Exits 2 and lists every problem when it is not valid."
      })
  static final class Check implements Callable<Integer> {
    private final BillingCli cli;

    Check(BillingCli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      List<String> warnings = new ArrayList<>();
      DotEnvFile.permissionWarning(cli.workingDirectory()).ifPresent(warnings::add);
      Optional<BillingConfigLoader.Loaded> loaded = cli.loadConfig();
      PrintWriter out = cli.out();
      if (loaded.isEmpty()) {
        warnings.forEach(w -> cli.err().println("Warning: " + w));
        return BillingCli.BAD_CONFIGURATION;
      }
      BillingConfig config = loaded.get().config();
      warnings.addAll(loaded.get().warnings());
      out.println("Mode: " + config.mode());
      out.println("Configuration (secrets masked):");
      config.masked().forEach((name, value) -> out.println("  " + name + "=" + value));
      warnings.forEach(w -> out.println("Warning: " + w));
      out.println("OK: the configuration is valid.");
      return BillingCli.OK;
    }
  }
}
