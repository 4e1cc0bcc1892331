package io.chatflows.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shape of the api and store modules: packages by feature that never depend on each other in a
 * circle, and MongoDB read and written by stores only.
 */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.chatflows.api", "io.chatflows.store");

  @Test
  void givenTheApiAndStorePackages_whenTheirDependenciesAreRead_noneDependsOnItselfInACircle() {
    slices()
        .matching("io.chatflows.(*).(*)..")
        .should()
        .beFreeOfCycles()
        .because("a package by feature builds on the ones below it, never on one above")
        .check(CLASSES);
  }

  @Test
  void givenTheControllersAndServices_whenTheirDependenciesAreRead_noneQueriesMongoDbItself() {
    noClasses()
        .that()
        .areAnnotatedWith(RestController.class)
        .or()
        .areAnnotatedWith(Service.class)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework.data.mongodb..")
        .because("data access goes through stores, which take typed query records")
        .check(CLASSES);
  }
}
