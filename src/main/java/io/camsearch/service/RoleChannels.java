package io.camsearch.service;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the SmallRye {@code catalog-images} channel (the one-process path: consumer, ingestor,
 * index applier) off unless this process runs both roles, by setting
 * {@code mp.messaging.incoming.catalog-images.enabled=false}: SmallRye Reactive Messaging then
 * registers no connector for the channel (no Kafka consumer, no group membership), and the
 * {@code @Incoming} method is left unwired (SmallRye warns at start that it "has no upstream",
 * SRMSG00207: expected in a one-role process). The embedder consumes {@code catalog-images} with its
 * own consumer (see {@link EmbedderRole}); the searcher does not consume it at all.
 *
 * <p>A config source, not a setting to write by hand, so that {@code camsearch.roles} alone decides
 * what a process consumes. Its ordinal (275) is above application.properties and below the
 * environment, so an operator can still override it. A value that is not a list of roles leaves
 * the channel off too; start-up then fails on it with its own message ({@link Roles#parse}).
 */
public final class RoleChannels implements ConfigSourceFactory {

    static final String CHANNEL_ENABLED = "mp.messaging.incoming.catalog-images.enabled";
    private static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue roles = context.getValue(Roles.KEY);
        boolean oneProcess = roles == null || roles.getValue() == null || oneProcess(roles.getValue());
        return List.of(new MapBackedConfigSource("camsearch-roles-channels", Map.of(CHANNEL_ENABLED, Boolean.toString(oneProcess)), ORDINAL) {});
    }

    static boolean oneProcess(String roles) {
        try {
            return Roles.parse(Arrays.asList(roles.split(","))).oneProcess();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
