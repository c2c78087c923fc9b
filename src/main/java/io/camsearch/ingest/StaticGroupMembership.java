package io.camsearch.ingest;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Makes this process's {@code catalog-images} consumer a static member of its group (KIP-345): its
 * {@code group.instance.id} is {@code camsearch.instance-id}, by default the host name. That is the
 * SmallRye channel of the one-process path (as a {@link ClientCustomizer}) and the embedder role's
 * {@link CatalogEmbedder} (through {@link #member}); a process runs one or the other.
 *
 * <p>Why: a process killed without leaving its group keeps its partitions until the group's
 * session timeout (45 s by default), so a restarted dynamic member consumed again only after about
 * 42 s. A static member that comes back under the same id replaces its dead self at once and gets
 * its partitions back (where it reads from comes from the index's commit anyway, see
 * {@link IndexOffsetsRebalanceListener}).
 *
 * <p>Why not assign the partitions directly ({@code assign}, no group): that is as fast, but then
 * nothing shares the partitions out, and the embedding side must scale as a consumer group (one
 * process per share of the partitions). Static membership keeps the group and only removes the
 * wait. A reader of every partition with no group (a search replica, say) would assign directly.
 *
 * <p>The cost: a static member does not leave its group when it stops cleanly either. A process
 * that comes back under the same id (a restart, a container restarted in its pod) takes its
 * partitions back at once; a replacement under another id (a new pod from a rollout) waits for
 * the old id's session to expire. Two live processes under one id fence each other: the broker
 * rejects the older one, whose ingestion then fails.
 */
@ApplicationScoped
public class StaticGroupMembership implements ClientCustomizer<Map<String, Object>> {

    private static final Logger LOG = Logger.getLogger(StaticGroupMembership.class);

    private final String instanceId;

    @Inject
    public StaticGroupMembership(IngestSettings settings) {
        this.instanceId = instanceId(settings.instanceId(), StaticGroupMembership::hostName);
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> kafkaConfig) {
        if (CatalogImagesConsumer.CHANNEL.equals(channel)) {
            member(kafkaConfig, channel);
        }
        return kafkaConfig;
    }

    /** Puts this process's {@code group.instance.id} into {@code consumerSettings} and returns them; {@code consumer} names it in the log. */
    public Map<String, Object> member(Map<String, Object> consumerSettings, String consumer) {
        consumerSettings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        LOG.infof("consuming %s as static group member '%s' (camsearch.instance-id)", consumer, instanceId);
        return consumerSettings;
    }

    /** The configured id, or else the host name; a clear error when neither is there. */
    static String instanceId(Optional<String> configured, java.util.function.Supplier<Optional<String>> hostName) {
        String id = configured.map(String::strip).filter(s -> !s.isEmpty())
                .or(hostName)
                .orElseThrow(() -> new IllegalStateException("camsearch.instance-id is not set and the host name is unknown;"
                        + " set camsearch.instance-id (CAMSEARCH_INSTANCE_ID) to a name no other live camsearch process uses"));
        // Kafka takes any non-empty string, but an id that is only whitespace or has control characters is a mistake.
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("camsearch.instance-id must not contain control characters");
        }
        return id;
    }

    private static Optional<String> hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return Optional.of(env.strip());
        }
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName()).filter(s -> !s.isBlank());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
