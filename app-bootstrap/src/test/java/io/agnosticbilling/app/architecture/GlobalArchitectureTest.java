package io.agnosticbilling.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.Stripe;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.agnosticbilling.adapter.http.JavalinBillingRoutes;
import io.agnosticbilling.adapter.http.fixture.CrossAdapterLeak;
import io.agnosticbilling.adapter.http.fixture.HttpWebhookRejected;
import io.agnosticbilling.adapter.mongo.MongoBillingStore;
import io.agnosticbilling.adapter.notify.WebhookNotificationChannel;
import io.agnosticbilling.adapter.redis.RedisConnection;
import io.agnosticbilling.adapter.sql.SqlBillingStore;
import io.agnosticbilling.adapter.stripe.StripePaymentProvider;
import io.agnosticbilling.adapter.stripe.fixture.SandboxLeak;
import io.agnosticbilling.app.BillingServer;
import io.agnosticbilling.app.fixture.BootstrapStripeBridge;
import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.WebhookRefused;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.sandbox.StripeSandbox;
import io.agnosticbilling.testkit.memory.FakePaymentEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of the whole product, checked on the production classes of every module: the
 * domain sees only the JDK, each adapter only the domain, its own library and the JDK, and only
 * bootstrap sees several adapters. Package names come from real classes, so a renamed package
 * breaks the test instead of making a rule pass on nothing.
 */
class GlobalArchitectureTest {
  static final String DOMAIN = Billing.class.getPackageName();
  static final String HTTP = JavalinBillingRoutes.class.getPackageName();
  static final String MONGO = MongoBillingStore.class.getPackageName();
  static final String STRIPE = StripePaymentProvider.class.getPackageName();
  static final String REDIS = RedisConnection.class.getPackageName();
  static final String SQL = SqlBillingStore.class.getPackageName();
  static final String NOTIFY = WebhookNotificationChannel.class.getPackageName();
  static final String APP = BillingServer.class.getPackageName();
  static final String SANDBOX = StripeSandbox.class.getPackageName();
  static final String TESTKIT = FakePaymentEvents.class.getPackageName();
  static final String STRIPE_LIBRARY = Stripe.class.getPackageName();
  static final String ADAPTERS = "io.agnosticbilling.adapter.(*)..";

  static final ArchRule DOMAIN_ONLY_JDK =
      classes()
          .that()
          .resideInAPackage(DOMAIN + "..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", DOMAIN + "..")
          .because("the domain depends on the JDK only");

  static final ArchRule HTTP_ONLY_ITS_LIBRARIES =
      adapterUses(
          HTTP,
          "io.javalin..",
          "com.fasterxml.jackson..",
          "com.auth0.jwt..",
          "org.slf4j..",
          "jakarta.servlet..",
          "org.eclipse.jetty..",
          "kotlin..");

  static final ArchRule MONGO_ONLY_ITS_LIBRARIES =
      adapterUses(MONGO, "com.mongodb..", "org.bson..", "de.bwaldvogel.mongo..");

  static final ArchRule SQL_ONLY_ITS_LIBRARIES =
      adapterUses(
          SQL,
          "org.sqlite..",
          "org.postgresql..",
          "com.zaxxer.hikari..",
          "com.fasterxml.jackson..",
          "org.slf4j..");

  // jackson-core's streaming parser reads webhook payloads (not databind: no object mapping).
  static final ArchRule STRIPE_ONLY_ITS_LIBRARIES =
      adapterUses(STRIPE, "com.stripe..", "com.google.gson..", "com.fasterxml.jackson.core..");

  static final ArchRule NOTIFY_ONLY_ITS_LIBRARIES =
      adapterUses(
          NOTIFY,
          "jakarta.mail..",
          "jakarta.activation..",
          "org.eclipse.angus..",
          "com.fasterxml.jackson..",
          "org.slf4j..");

  static final ArchRule REDIS_ONLY_ITS_LIBRARIES =
      adapterUses(REDIS, "redis.clients.jedis..", "org.slf4j..");

  static final ArchRule ADAPTERS_INDEPENDENT =
      slices()
          .matching(ADAPTERS)
          .should()
          .notDependOnEachOther()
          .because("adapters never depend on each other; bootstrap connects them");

  static final ArchRule NOTHING_BUT_BOOTSTRAP_SEES_BOOTSTRAP =
      noClasses()
          .that()
          .resideOutsideOfPackage(APP + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(APP + "..")
          .because("bootstrap is the outermost layer");

  static final ArchRule ONLY_BOOTSTRAP_SEES_SEVERAL_ADAPTERS =
      noClasses()
          .that()
          .resideOutsideOfPackages(APP + "..", "io.agnosticbilling.adapter..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.agnosticbilling.adapter..")
          .because("only bootstrap (and each adapter itself) sees adapters");

  static final ArchRule SANDBOX_STANDS_ALONE =
      classes()
          .that()
          .resideInAPackage(SANDBOX + "..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "javax..",
              SANDBOX + "..",
              "io.javalin..",
              "com.fasterxml.jackson..",
              "org.slf4j..",
              "jakarta.servlet..",
              "org.eclipse.jetty..",
              "kotlin..")
          .because(
              "the sandbox plays Stripe: it knows neither our domain nor our adapters, so it"
                  + " cannot be shaped by them");

  static final ArchRule ONLY_BOOTSTRAP_STARTS_THE_SANDBOX =
      noClasses()
          .that()
          .resideOutsideOfPackages(APP + "..", SANDBOX + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(SANDBOX + "..")
          .because(
              "the sandbox is not an adapter but a stand-in for Stripe that only `demo` (bootstrap)"
                  + " starts; adapters reach it over HTTP like the real Stripe");

  static final ArchRule DOMAIN_OWNS_THE_VERIFYING_PORT =
      classes()
          .that()
          .implement(PaymentEvents.class)
          .should()
          .resideInAnyPackage(DOMAIN + "..", STRIPE + "..", TESTKIT + "..")
          .because(
              "webhooks are verified through the domain's PaymentEvents port, implemented by the"
                  + " payment adapter (or the test kit's fake), never bridged elsewhere");

  static final ArchRule ONE_WEBHOOK_VOCABULARY =
      noClasses()
          .that()
          .resideOutsideOfPackage(DOMAIN + "..")
          .and()
          .haveSimpleNameContaining("Webhook")
          .should()
          .beInterfaces()
          .orShould()
          .beAssignableTo(Throwable.class)
          .because(
              "the domain names webhook verification ("
                  + PaymentEvents.class.getSimpleName()
                  + ") and its refusal ("
                  + WebhookRefused.class.getSimpleName()
                  + ") once; adapters use those names");

  static final ArchRule NO_STRIPE_TYPE_IN_HTTP_OR_BOOTSTRAP =
      noClasses()
          .that()
          .resideInAnyPackage(HTTP + "..", APP + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(STRIPE_LIBRARY + "..")
          .because("only adapter-stripe names stripe-java's types");

  private static JavaClasses production;

  private static ArchRule adapterUses(String adapter, String... libraries) {
    // The JDK includes javax.. (javax.crypto for webhook signatures).
    String[] allowed = new String[libraries.length + 4];
    allowed[0] = "java..";
    allowed[1] = "javax..";
    allowed[2] = DOMAIN + "..";
    allowed[3] = adapter + "..";
    System.arraycopy(libraries, 0, allowed, 4, libraries.length);
    return classes()
        .that()
        .resideInAPackage(adapter + "..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed)
        .because(adapter + " may use only the domain, its own library and the JDK");
  }

  @BeforeAll
  static void importProduction() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // adapter-mongo's test jar (EmbeddedMongo for the server's tests) holds test classes.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.agnosticbilling..");
  }

  @Test
  @DisplayName("the import sees the production classes of every module and no test class")
  void importSeesEveryModule() {
    assertThat(production.containPackage(DOMAIN)).isTrue();
    assertThat(production.containPackage(HTTP)).isTrue();
    assertThat(production.containPackage(MONGO)).isTrue();
    assertThat(production.containPackage(STRIPE)).isTrue();
    assertThat(production.containPackage(REDIS)).isTrue();
    assertThat(production.containPackage(SQL)).isTrue();
    assertThat(production.containPackage(NOTIFY)).isTrue();
    assertThat(production.containPackage(APP)).isTrue();
    assertThat(production.containPackage(SANDBOX)).isTrue();
    assertThat(production.contain(SandboxLeak.class)).isFalse();
    assertThat(production.contain(CrossAdapterLeak.class)).isFalse();
    assertThat(production.size()).isGreaterThan(150);
  }

  @Test
  @DisplayName("the domain depends only on the JDK")
  void domainOnlyJdk() {
    DOMAIN_ONLY_JDK.check(production);
  }

  @Test
  @DisplayName("each adapter depends only on the domain, its own library and the JDK")
  void adaptersOnlyTheirLibraries() {
    HTTP_ONLY_ITS_LIBRARIES.check(production);
    MONGO_ONLY_ITS_LIBRARIES.check(production);
    STRIPE_ONLY_ITS_LIBRARIES.check(production);
    REDIS_ONLY_ITS_LIBRARIES.check(production);
    SQL_ONLY_ITS_LIBRARIES.check(production);
    NOTIFY_ONLY_ITS_LIBRARIES.check(production);
  }

  @Test
  @DisplayName("adapters do not depend on each other, and nothing depends on bootstrap")
  void adaptersIndependent() {
    ADAPTERS_INDEPENDENT.check(production);
    NOTHING_BUT_BOOTSTRAP_SEES_BOOTSTRAP.check(production);
    ONLY_BOOTSTRAP_SEES_SEVERAL_ADAPTERS.check(production);
  }

  @Test
  @DisplayName("the sandbox depends on nothing of ours, and only bootstrap depends on it")
  void sandboxIsNotAnAdapter() {
    SANDBOX_STANDS_ALONE.check(production);
    ONLY_BOOTSTRAP_STARTS_THE_SANDBOX.check(production);
    assertThat(
            production.stream()
                .filter(c -> c.getPackageName().startsWith(APP))
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .map(d -> d.getTargetClass().getPackageName()))
        .as("demo starts the sandbox from bootstrap")
        .contains(SANDBOX);
  }

  @Test
  @DisplayName("the rules catch an adapter class that starts the sandbox")
  void rulesCatchAnAdapterUsingTheSandbox() {
    JavaClasses bad = new ClassFileImporter().importClasses(SandboxLeak.class, StripeSandbox.class);

    assertThatThrownBy(() -> ONLY_BOOTSTRAP_STARTS_THE_SANDBOX.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SandboxLeak")
        .hasMessageContaining(SANDBOX);
    assertThatThrownBy(() -> STRIPE_ONLY_ITS_LIBRARIES.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SandboxLeak");
  }

  @Test
  @DisplayName("bootstrap is the one place that sees all three adapters")
  void bootstrapSeesTheAdapters() {
    assertThat(
            production.stream()
                .filter(c -> c.getPackageName().startsWith(APP))
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .map(d -> d.getTargetClass().getPackageName())
                .filter(p -> p.equals(HTTP) || p.equals(MONGO) || p.equals(STRIPE))
                .distinct())
        .containsExactlyInAnyOrder(HTTP, MONGO, STRIPE);
  }

  @Test
  @DisplayName("the domain owns webhook verification; HTTP and bootstrap name no Stripe type")
  void webhookVerificationIsTheDomainsPort() {
    assertThat(production.contain(BootstrapStripeBridge.class)).isFalse();
    assertThat(production.contain(HttpWebhookRejected.class)).isFalse();
    DOMAIN_OWNS_THE_VERIFYING_PORT.check(production);
    ONE_WEBHOOK_VOCABULARY.check(production);
    NO_STRIPE_TYPE_IN_HTTP_OR_BOOTSTRAP.check(production);
  }

  @Test
  @DisplayName("the webhook rules catch a bootstrap bridge and an HTTP refusal built on Stripe")
  void webhookRulesCatchBadClasses() {
    JavaClasses bad =
        new ClassFileImporter()
            .importClasses(BootstrapStripeBridge.class, HttpWebhookRejected.class);

    assertThatThrownBy(() -> DOMAIN_OWNS_THE_VERIFYING_PORT.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BootstrapStripeBridge");
    assertThatThrownBy(() -> ONE_WEBHOOK_VOCABULARY.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("HttpWebhookRejected");
    assertThatThrownBy(() -> NO_STRIPE_TYPE_IN_HTTP_OR_BOOTSTRAP.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BootstrapStripeBridge")
        .hasMessageContaining("HttpWebhookRejected")
        .hasMessageContaining("com.stripe");
  }

  @Test
  @DisplayName("the rules catch an HTTP adapter class that imports the Stripe adapter")
  void rulesCatchACrossAdapterImport() {
    JavaClasses bad =
        new ClassFileImporter().importClasses(CrossAdapterLeak.class, StripePaymentProvider.class);

    assertThatThrownBy(() -> ADAPTERS_INDEPENDENT.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CrossAdapterLeak")
        .hasMessageContaining("StripePaymentProvider");
    assertThatThrownBy(() -> HTTP_ONLY_ITS_LIBRARIES.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CrossAdapterLeak")
        .hasMessageContaining(STRIPE);
  }
}
