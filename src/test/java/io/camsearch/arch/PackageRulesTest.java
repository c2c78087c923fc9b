package io.camsearch.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of the README's layout and DESIGN ("heatmap math in one place, image decoding
 * in one place, Lucene in one place"; data flows one way), checked on the compiled classes, so that
 * a fully qualified name or a type used without an import is caught as well as an import.
 *
 * <p>The plain core library ({@code cam}, {@code image}, {@code model}, {@code explain},
 * {@code dataset}, {@code eval}, {@code train}, {@code logging}, {@code source}) is shared by the
 * service and the command-line tools, so it carries none of the service's frameworks. The
 * request side ({@code search}, {@code consistency}) and the index are plain too: only {@code api},
 * {@code ingest} and {@code service} are Quarkus code.
 */
@AnalyzeClasses(packages = "io.camsearch", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    private static final String[] CORE = {
        "io.camsearch.cam..", "io.camsearch.image..", "io.camsearch.model..", "io.camsearch.explain..", "io.camsearch.dataset..",
        "io.camsearch.eval..", "io.camsearch.train..", "io.camsearch.logging..", "io.camsearch.source..", "io.camsearch.heatmap.."};

    private static final String[] SERVICE_FRAMEWORKS = {
        "io.quarkus..", "jakarta..", "io.smallrye..", "org.eclipse.microprofile..", "io.micrometer..", "org.jboss..", "io.vertx.ext.web.."};

    @ArchTest
    static final ArchRule coreLibraryCarriesNoServiceFramework = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(SERVICE_FRAMEWORKS)
            .because("the command-line tools and benchmarks run the core without the service");

    @ArchTest
    static final ArchRule searchAndIndexCarryNoServiceFramework = noClasses()
            .that().resideInAnyPackage("io.camsearch.search..", "io.camsearch.index..", "io.camsearch.consistency..")
            .should().dependOnClassesThat().resideInAnyPackage(SERVICE_FRAMEWORKS)
            .because("the API and the benchmarks share them; only api, ingest and service are Quarkus code");

    @ArchTest
    static final ArchRule kafkaOnlyInIngestionTheServiceAndTheLocalBroker = noClasses()
            .that().resideOutsideOfPackages("io.camsearch.ingest..", "io.camsearch.service..", "io.camsearch.local..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "kafka..")
            .because("catalog events come from Kafka in ingest (the service reports ingestion's partitions; local runs a broker)");

    @ArchTest
    static final ArchRule luceneOnlyInTheIndex = noClasses().that().resideOutsideOfPackage("io.camsearch.index..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.lucene..")
            .because("DESIGN: Lucene in one place");

    @ArchTest
    static final ArchRule deepLearningEngineOnlyInModelCamAndTraining = noClasses()
            .that().resideOutsideOfPackages("io.camsearch.model..", "io.camsearch.cam..", "io.camsearch.train..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
            .because("everything else sees a model as an EmbeddingModel and its CAM features");

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.camsearch.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule coreDependsOnNoServiceSidePackage = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.camsearch.index..", "io.camsearch.search..", "io.camsearch.ingest..",
                    "io.camsearch.api..", "io.camsearch.service..", "io.camsearch.local..", "io.camsearch.bench..", "io.camsearch.cli..")
            .because("data flows one way: the core knows nothing of the index, the service or the tools built on it");

    @ArchTest
    static final ArchRule ingestionDependsNeitherOnTheServiceNorTheApi = noClasses().that().resideInAPackage("io.camsearch.ingest..")
            .should().dependOnClassesThat().resideInAnyPackage("io.camsearch.service..", "io.camsearch.api..")
            .because("service wires ingestion, not the other way round; ingestion takes its settings as values");

    @ArchTest
    static final ArchRule apiDependsNotOnIngestion = noClasses().that().resideInAPackage("io.camsearch.api..")
            .should().dependOnClassesThat().resideInAPackage("io.camsearch.ingest..")
            .because("a query image's errors are named from the image's and the source's own reasons, not from ingestion's dead letters");

    @ArchTest
    static final ArchRule imageSourcesDependOnLoggingAlone = classes().that().resideInAPackage("io.camsearch.source..")
            .should().onlyDependOnClassesThat(outsideCamsearchOrIn("io.camsearch.source..", "io.camsearch.logging.."))
            .because("ingestion and the API both fetch through source, which knows neither (its package documentation)");

    @ArchTest
    static final ArchRule imageDecodingDependsOnNoOtherCamsearchPackage = classes().that().resideInAPackage("io.camsearch.image..")
            .should().onlyDependOnClassesThat(outsideCamsearchOrIn("io.camsearch.image.."))
            .because("the one place untrusted bytes are decoded stands alone (its package documentation)");

    @ArchTest
    static final ArchRule datasetDependsOnCamTypesAlone = classes().that().resideInAPackage("io.camsearch.dataset..")
            .should().onlyDependOnClassesThat(outsideCamsearchOrIn("io.camsearch.dataset..", "io.camsearch.cam.."))
            .because("the catalog is painted with the JDK and described with cam's Box and Grid (its package documentation)");

    private static DescribedPredicate<JavaClass> outsideCamsearchOrIn(String... packages) {
        return resideOutsideOfPackage("io.camsearch..").or(resideInAnyPackage(packages));
    }
}
