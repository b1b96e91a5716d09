package sensor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package tree is the data path (STYLE.md): capture → decode → flow → dns | smtp → txn →
 * anonymize → pairs (the aggregation: pairs, verdicts, events, passive DNS) → output → kafka →
 * report, wired by the classes in {@code sensor} itself (Pipeline, Replay, Live), with cli on top.
 * Each package may use only the ones before it, so a stage's listener interface has to live with
 * the stage that calls it (flow.StreamConsumer, metrics.PipelineGauges). metrics holds the counters
 * every stage increments and may use no other package. The capture generators of the tests and
 * benchmarks (scenario, src/scenario/java) are not in the product at all. Only capture talks to
 * libpcap, only dns to dnsjava.
 */
class PackageTreeTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // The compiled main classes alone, without scanning every jar on the class path for package sensor.
        classes = new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    /** One slice per package below {@code sensor}, and one for the classes in {@code sensor} itself. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (p.equals("sensor")) {
                return SliceIdentifier.of("sensor (Pipeline, Replay, Live)");
            }
            if (p.startsWith("sensor.")) {
                String rest = p.substring("sensor.".length());
                int dot = rest.indexOf('.');
                return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of sensor";
        }
    };

    @Test
    void noCyclesBetweenPackages() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(classes);
    }

    @Test
    void eachPackageUsesOnlyTheStagesBeforeIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("capture").definedBy("sensor.capture..")
                .layer("decode").definedBy("sensor.decode..")
                .layer("flow").definedBy("sensor.flow..")
                .layer("dns").definedBy("sensor.dns..")
                .layer("smtp").definedBy("sensor.smtp..")
                .layer("txn").definedBy("sensor.txn..")
                .layer("anonymize").definedBy("sensor.anonymize..")
                .layer("aggregate").definedBy("sensor.pairs..")
                .layer("output").definedBy("sensor.output..")
                .layer("kafka").definedBy("sensor.kafka..")
                .layer("report").definedBy("sensor.report..")
                .layer("wiring").definedBy("sensor")
                .layer("cli").definedBy("sensor.cli..")
                .layer("metrics").definedBy("sensor.metrics..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("wiring").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("report").mayOnlyBeAccessedByLayers("wiring", "cli")
                .whereLayer("kafka").mayOnlyBeAccessedByLayers("report", "wiring", "cli")
                .whereLayer("output").mayOnlyBeAccessedByLayers("kafka", "report", "wiring", "cli")
                .whereLayer("aggregate").mayOnlyBeAccessedByLayers("output", "kafka", "report", "wiring", "cli")
                .whereLayer("anonymize").mayOnlyBeAccessedByLayers("aggregate", "output", "kafka", "report", "wiring",
                        "cli")
                .whereLayer("txn").mayOnlyBeAccessedByLayers("anonymize", "aggregate", "output", "kafka", "report",
                        "wiring", "cli")
                .whereLayer("dns").mayOnlyBeAccessedByLayers("txn", "anonymize", "aggregate", "output", "kafka", "report",
                        "wiring", "cli")
                .whereLayer("smtp").mayOnlyBeAccessedByLayers("txn", "anonymize", "aggregate", "output", "kafka",
                        "report", "wiring", "cli")
                .whereLayer("flow").mayOnlyBeAccessedByLayers("dns", "smtp", "txn", "anonymize", "aggregate", "output",
                        "kafka", "report", "wiring", "cli")
                .whereLayer("decode").mayOnlyBeAccessedByLayers("flow", "dns", "smtp", "txn", "anonymize", "aggregate",
                        "output", "kafka", "report", "wiring", "cli")
                .whereLayer("capture").mayOnlyBeAccessedByLayers("decode", "flow", "dns", "smtp", "txn", "anonymize",
                        "aggregate", "output", "kafka", "report", "wiring", "cli")
                .whereLayer("metrics").mayNotAccessAnyLayer()
                .check(classes);
    }

    @Test
    void theCaptureGeneratorsAreNotInTheProduct() {
        noClasses().should().resideInAPackage("sensor.scenario..")
                .because("the generators are test fixtures (src/scenario/java), kept out of sensor.jar and the .deb")
                .check(classes);
    }

    @Test
    void onlyCaptureUsesLibpcapsBindings() {
        noClasses().that().resideOutsideOfPackage("sensor.capture..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pcap4j..", "com.sun.jna..")
                .check(classes);
    }

    @Test
    void onlyDnsUsesDnsjava() {
        noClasses().that().resideOutsideOfPackage("sensor.dns..")
                .should().dependOnClassesThat().resideInAPackage("org.xbill..")
                .check(classes);
    }
}
