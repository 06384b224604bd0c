package io.agnosticbilling.app;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A command that needs the validated configuration: it runs with it, or prints every problem and
 * exits {@link BillingCli#BAD_CONFIGURATION} without touching anything.
 */
abstract class ConfiguredCommand implements Callable<Integer> {
  protected final BillingCli cli;

  ConfiguredCommand(BillingCli cli) {
    this.cli = cli;
  }

  @Override
  public final Integer call() {
    Optional<BillingConfigLoader.Loaded> loaded = cli.loadConfig();
    if (loaded.isEmpty()) {
      afterBadConfiguration();
      return BillingCli.BAD_CONFIGURATION;
    }
    return run(loaded.get());
  }

  /** The command itself; returns the exit code. */
  abstract int run(BillingConfigLoader.Loaded loaded);

  /** Called after the problems were printed; nothing by default. */
  void afterBadConfiguration() {}
}
