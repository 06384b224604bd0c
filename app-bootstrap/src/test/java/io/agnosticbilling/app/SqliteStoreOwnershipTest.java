package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process owns the SQLite store: while the real server runs (in its own process) and writes, a
 * second server and the migrate command are refused with a sentence, and {@code backup} still
 * writes a consistent copy that a server can start from.
 */
class SqliteStoreOwnershipTest {
  @TempDir Path workDir;

  private CliRun cli(Map<String, String> env, String... args) {
    return CliRun.run(workDir, env, args);
  }

  @Test
  @Timeout(180)
  @DisplayName("while the server writes: a second server and migrate are refused, backup works")
  void secondProcessRefusedBackupWorks() throws Exception {
    Map<String, String> env =
        TestServers.environment(workDir.resolve("data"), "http://127.0.0.1:9");
    // Hundreds of sign-ups from one address: the per-address sign-up limit is off here.
    env.put("SIGNUP_MAX_PER_ADDRESS", "0");
    env.remove("PORT");
    Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    List<String> before;
    AtomicBoolean stop = new AtomicBoolean();
    CliRun backup;
    try (ServerProcess server =
        ServerProcess.start(env, List.of(), workDir, workDir.resolve("server.log"))) {
      ApiClient api = new ApiClient(server.port());
      ExecutorService writers = Executors.newFixedThreadPool(4);
      for (int t = 0; t < 4; t++) {
        int thread = t;
        writers.execute(
            () -> {
              for (int i = 0; !stop.get(); i++) {
                String email = "owner-" + thread + "-" + i + "@example.test";
                Accounts.signUp(api, email);
                acknowledged.add(email);
              }
            });
      }
      while (acknowledged.size() < 40) {
        Thread.sleep(10);
      }
      before = List.copyOf(acknowledged); // answered 201 before the backup began
      backup = cli(env, "backup", "copy/billing.db");
      CliRun migrate = cli(env, "migrate", "status");
      Path secondLog = workDir.resolve("second.log");
      assertThatThrownBy(() -> ServerProcess.start(env, List.of(), workDir, secondLog))
          .hasMessageContaining("exited with 1");
      while (acknowledged.size() < before.size() + 20) {
        Thread.sleep(10);
      }
      stop.set(true);
      writers.shutdown();
      assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      assertThat(backup.code()).as(backup.err()).isZero();
      assertThat(migrate.code()).isEqualTo(BillingCli.FAILED);
      assertThat(migrate.err()).contains("is in use by another process").doesNotContain("\tat ");
      String second = Files.readString(secondLog);
      assertThat(second).contains("is in use by another process").doesNotContain("\tat ");
      // The running server kept answering throughout.
      assertThat(api.get("/health/ready", (String) null).status()).isEqualTo(200);
    }

    // A server started on the copy knows every account created before the backup began.
    Path restored = Files.createDirectories(workDir.resolve("restored"));
    Files.copy(workDir.resolve("copy/billing.db"), restored.resolve("billing.db"));
    Map<String, String> onCopy = TestServers.environment(restored, "http://127.0.0.1:9");
    onCopy.remove("PORT");
    try (ServerProcess server =
        ServerProcess.start(onCopy, List.of(), workDir, workDir.resolve("restored.log"))) {
      ApiClient api = new ApiClient(server.port());
      for (String email : before) {
        Accounts.logIn(api, email);
      }
    }
  }
}
