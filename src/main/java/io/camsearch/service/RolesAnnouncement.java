package io.camsearch.service;

import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.model.ModelIdentity;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** One start-up line that says what this process does: its roles, its model, and the topics it reads and writes. */
@ApplicationScoped
public class RolesAnnouncement {

    private static final Logger LOG = Logger.getLogger(RolesAnnouncement.class);

    void announce(@Observes StartupEvent start, Roles roles, ModelIdentity model, EmbedderRole embedder, CamsearchConfig config) {
        String topic = EmbeddingsTopic.name(model);
        String flow;
        if (roles.oneProcess()) {
            flow = embedder.sourceTopic() + " -> index (in-process, no embeddings topic)";
        } else if (roles.embedderOnly()) {
            flow = embedder.sourceTopic() + " (group " + config.embedder().group() + ") -> " + topic;
        } else {
            flow = topic + " -> index at " + config.index().path().toAbsolutePath();
        }
        LOG.infof("roles %s; model %s; %s", roles, model.describe(), flow);
    }
}
