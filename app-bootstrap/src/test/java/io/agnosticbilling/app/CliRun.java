package io.agnosticbilling.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** What one in-process command line printed and returned. */
record CliRun(int code, String out, String err) {

  /** Runs {@code args} in-process with {@code env} in {@code workDir}. */
  static CliRun run(Path workDir, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new BillingCli(env, workDir, Clock.systemUTC())
            .execute(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
