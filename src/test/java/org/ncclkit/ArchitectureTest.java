package org.ncclkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.ncclkit");

    @Test
    void onlyTheFfiPackageUsesTheForeignFunctionApi() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("org.ncclkit.ffi..")
                .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..");

        rule.check(CLASSES);
    }

    @Test
    void importCoversTheMainCodeOnly() {
        assertThat(CLASSES.contain("org.ncclkit.info.NodeProbe")).isTrue();
        assertThat(CLASSES.contain("org.ncclkit.ffi.NativeLibrary")).isTrue();
        assertThat(CLASSES.contain(ArchitectureTest.class)).isFalse();
    }
}
