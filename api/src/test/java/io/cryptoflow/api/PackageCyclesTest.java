package io.cryptoflow.api;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Dependencies between this module's packages go one way: the build fails on a package cycle
 * (every package below {@code io.cryptoflow.api} is a slice; the root package, which wires
 * everything together, is not).
 */
@AnalyzeClasses(packages = "io.cryptoflow.api", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("io.cryptoflow.api.(**)").should().beFreeOfCycles()
                    // a module with a single package has no slice to compare; the rule still guards its growth
                    .allowEmptyShould(true);
}
