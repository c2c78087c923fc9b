package io.camsearch.service;

import io.camsearch.api.ApiKeys;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/** The API keys from {@code camsearch.api.*}, checked and announced at startup (never the keys themselves). */
@ApplicationScoped
public class ApiKeysSetup {

    private static final Logger LOG = Logger.getLogger(ApiKeysSetup.class);

    @Produces
    @Singleton
    @Startup
    ApiKeys apiKeys(CamsearchConfig config) {
        ApiKeys keys;
        try {
            keys = ApiKeys.of(config.api().searchKeys().orElse(List.of()), config.api().adminKeys().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camsearch.api." + e.getMessage(), e);
        }
        if (keys.open()) {
            LOG.warn("no API keys configured (camsearch.api.search-keys, camsearch.api.admin-keys): the REST API is open to anyone who can reach it");
        } else {
            LOG.infof("the REST API needs a key: %d search keys, %d admin keys configured", keys.searchKeyCount(), keys.adminKeyCount());
        }
        return keys;
    }
}
