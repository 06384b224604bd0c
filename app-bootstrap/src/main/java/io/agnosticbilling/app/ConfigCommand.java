package io.agnosticbilling.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        "Exits 2 and lists every problem when it is not valid.",
        "With --online, also asks Stripe whether the key works, each configured price sells its",
        "plan, and a webhook endpoint points at this server; exits 1 when any line says ERROR."
      })
  static final class Check extends ConfiguredCommand {
    @Option(
        names = "--online",
        description = "Ask Stripe about the key, the prices and the webhook endpoint.")
    boolean online;

    @Option(
        names = "--webhook-url",
        paramLabel = "URL",
        description =
            "The URL Stripe should deliver events to (default: FRONTEND_URL/api/webhooks/stripe).")
    String webhookUrl;

    Check(BillingCli cli) {
      super(cli);
    }

    @Override
    void afterBadConfiguration() {
      DotEnvFile.permissionWarning(cli.workingDirectory())
          .ifPresent(w -> cli.err().println("Warning: " + w));
    }

    @Override
    int run(BillingConfigLoader.Loaded loaded) {
      List<String> warnings = new ArrayList<>();
      DotEnvFile.permissionWarning(cli.workingDirectory()).ifPresent(warnings::add);
      PrintWriter out = cli.out();
      BillingConfig config = loaded.config();
      warnings.addAll(loaded.warnings());
      out.println("Mode: " + config.mode());
      out.println("Configuration (secrets masked):");
      config.masked().forEach((name, value) -> out.println("  " + name + "=" + value));
      warnings.forEach(w -> out.println("Warning: " + w));
      out.println("OK: the configuration is valid.");
      if (!online) {
        return BillingCli.OK;
      }
      return OnlineConfigCheck.run(config, Optional.ofNullable(webhookUrl), out);
    }
  }
}
