package io.agnosticbilling.domain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.architecture.fixture.LeakyDomainClass;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DomainArchitectureTest {
  static final String DOMAIN = Billing.class.getPackageName();

  /** The domain may use the JDK and itself, nothing else. */
  static final ArchRule DOMAIN_USES_ONLY_JAVA =
      classes()
          .that()
          .resideInAPackage(DOMAIN + "..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", DOMAIN + "..")
          .because("billing-domain has no dependency beyond the JDK");

  @Test
  @DisplayName("the production domain depends only on java.. and itself")
  void domainDependsOnlyOnJava() {
    JavaClasses production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(DOMAIN);
    assertThat(production.size()).as("the rule must look at real classes").isGreaterThan(50);
    DOMAIN_USES_ONLY_JAVA.check(production);
  }

  @Test
  @DisplayName("the rule catches a domain class that depends on a library")
  void ruleCatchesALeak() {
    JavaClasses bad = new ClassFileImporter().importClasses(LeakyDomainClass.class);
    assertThatThrownBy(() -> DOMAIN_USES_ONLY_JAVA.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("LeakyDomainClass")
        .hasMessageContaining("org.assertj");
  }
}
