package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.sandbox.SandboxEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code demo} wiring without a browser: what it starts, replaces and prints. */
class DemoTest {
  @TempDir Path workDir;

  @Test
  @DisplayName(
      "with no settings but a free port, demo starts on a new data directory, syncs the catalog"
          + " into the sandbox and points its webhooks at the server; a user's store and Stripe"
          + " settings are replaced")
  void startsEverythingFromNothing() throws Exception {
    // Settings that would send the demo to a real store and a real Stripe account.
    Files.writeString(
        workDir.resolve(".env"),
        "MONGO_URI=mongodb://db.invalid:27017/billing\n"
            + "STRIPE_SECRET_KEY=sk_live_notTheSandbox123\n"
            + "STRIPE_API_BASE=https://api.stripe.invalid\n");

    Path dataDir;
    try (Demo demo = Demo.start(Map.of("PORT", "0"), workDir, Clock.systemUTC())) {
      dataDir = demo.dataDir();
      String origin = "http://127.0.0.1:" + demo.server().port();

      assertThat(demo.origin()).isEqualTo(origin);
      assertThat(demo.signUpUrl()).isEqualTo(origin + "/signup");
      assertThat(demo.sandboxControlUrl()).isEqualTo(demo.sandbox().baseUrl() + "/sandbox");
      assertThat(demo.sandbox().webhookEndpoint())
          .hasValue(URI.create(origin + "/api/webhooks/stripe"));
      assertThat(demo.dataDir().getFileName().toString()).startsWith("billing-demo-");
      assertThat(demo.dataDir()).isNotEqualTo(workDir.resolve("data"));
      assertThat(demo.sandbox().events().stream().map(SandboxEvent::type))
          .contains("product.created", "price.created");
      ApiClient api = new ApiClient(demo.server().port());
      assertThat(api.get("/health/ready", (String) null).status()).isEqualTo(200);
      assertThat(demo.banner()).contains(demo.signUpUrl(), demo.sandboxControlUrl(), "4242");
      assertThat(dataDir.resolve("billing.db")).exists();
    }
    assertThat(dataDir).as("the demo's own temporary store is deleted at stop").doesNotExist();
  }

  @Test
  @DisplayName("demo with a setting it still reads gone wrong says so and exits 2")
  void badSettingExitsTwo() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        new BillingCli(Map.of("PORT", "eighty"), workDir, Clock.systemUTC())
            .execute(new PrintWriter(out), new PrintWriter(err), "demo");

    assertThat(code).isEqualTo(BillingCli.BAD_CONFIGURATION);
    assertThat(err.toString()).contains("PORT must be a whole number");
    assertThat(out.toString()).doesNotContain("Open:");
  }
}
