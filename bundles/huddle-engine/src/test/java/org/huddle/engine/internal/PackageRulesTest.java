package org.huddle.engine.internal;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The engine's package map (docs/reliability.md, The engine's packages) as rules on its compiled classes: each
 * package uses only the ones below it, and none uses {@code ChatEngine}'s package on top. A new import that
 * breaks the map fails here, naming the classes.
 */
class PackageRulesTest {

    private static final String ENGINE = "org.huddle.engine.internal";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ENGINE);

    @Test
    void thePackagesFormNoCycle() {
        slices().matching(ENGINE + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /** Nor do classes: a nested or anonymous class counts as the class it is written in. */
    @Test
    void theClassesFormNoCycle() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String name = c.getName();
                int nested = name.indexOf('$');
                return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
            }

            @Override
            public String getDescription() {
                return "the engine's classes";
            }
        }).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void eachPackageUsesOnlyThoseBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("engine").definedBy(ENGINE)
                .layer("delivery").definedBy(ENGINE + ".delivery..")
                .layer("presence").definedBy(ENGINE + ".presence..")
                .layer("probes").definedBy(ENGINE + ".probes..")
                .layer("channels").definedBy(ENGINE + ".channels..")
                .layer("flood").definedBy(ENGINE + ".flood..")
                .layer("bundling").definedBy(ENGINE + ".bundling..")
                .layer("rooms").definedBy(ENGINE + ".rooms..")
                .layer("history").definedBy(ENGINE + ".history..")
                .layer("sealing").definedBy(ENGINE + ".sealing..")
                .layer("core").definedBy(ENGINE + ".core..")
                .whereLayer("delivery").mayOnlyAccessLayers("presence", "probes", "channels", "flood", "bundling",
                        "rooms", "history", "sealing", "core")
                .whereLayer("presence").mayOnlyAccessLayers("channels", "flood", "rooms", "sealing", "core")
                .whereLayer("probes").mayOnlyAccessLayers("channels", "rooms", "sealing", "core")
                .whereLayer("channels").mayOnlyAccessLayers("flood", "rooms", "sealing", "core")
                .whereLayer("flood").mayOnlyAccessLayers("core")
                .whereLayer("bundling").mayOnlyAccessLayers("core")
                .whereLayer("rooms").mayOnlyAccessLayers("history", "sealing", "core")
                .whereLayer("history").mayNotAccessAnyLayer()
                .whereLayer("sealing").mayNotAccessAnyLayer()
                .whereLayer("core").mayNotAccessAnyLayer()
                .check(CLASSES);
    }
}
