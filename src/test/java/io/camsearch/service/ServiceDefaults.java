package io.camsearch.service;

import io.camsearch.image.ImageLimits;
import io.camsearch.index.HnswSettings;
import io.camsearch.search.SearchSettings;
import io.camsearch.source.SourceSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The service's settings with nothing configured: {@link CamsearchConfig} read from its own
 * defaults alone (no application.properties, no environment), turned into records by
 * {@link ServiceSettings} as the running service does. Tests start from these and change what they
 * test by name ({@code ServiceDefaults.source().withPrivateNetworks()}), so that no test repeats a
 * default.
 */
public final class ServiceDefaults {

    private ServiceDefaults() {}

    public static CamsearchConfig config() {
        return new SmallRyeConfigBuilder()
                // Quarkus's converters, which the service reads "5s" and paths with.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(Path.class, 200, new PathConverter())
                .withMapping(CamsearchConfig.class)
                .build()
                .getConfigMapping(CamsearchConfig.class);
    }

    public static SourceSettings source() {
        CamsearchConfig config = config();
        return ServiceSettings.source(config.source(), config.images());
    }

    public static ImageLimits imageLimits() {
        return ServiceSettings.imageLimits(config().images());
    }

    public static SearchSettings search() {
        return ServiceSettings.search(config().search());
    }

    public static HnswSettings hnsw() {
        return ServiceSettings.hnsw(config().index().hnsw());
    }
}
