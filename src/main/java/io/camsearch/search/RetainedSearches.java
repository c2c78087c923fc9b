package io.camsearch.search;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The most recent searches, by id, for a limited time: the heatmap images of a search are fetched
 * by URL after its JSON answer, and a page may show them for a while. Older searches are dropped
 * (their URLs answer 404 with a message saying so), which bounds memory whatever the traffic.
 */
final class RetainedSearches {

    private final int capacity;
    private final Duration retention;
    private final Clock clock;
    private final LinkedHashMap<String, Stamped> searches = new LinkedHashMap<>(16, 0.75f, false);

    private record Stamped(RetainedSearch search, long storedMillis) {}

    RetainedSearches(int capacity, Duration retention, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("retained searches must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.retention = retention;
        this.clock = clock;
    }

    synchronized String put(RetainedSearch search) {
        String id = UUID.randomUUID().toString();
        searches.put(id, new Stamped(search, clock.millis()));
        while (searches.size() > capacity) {
            searches.remove(searches.keySet().iterator().next());
        }
        return id;
    }

    synchronized Optional<RetainedSearch> get(String id) {
        long now = clock.millis();
        for (var it = searches.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Stamped> entry = it.next();
            if (now - entry.getValue().storedMillis() <= retention.toMillis()) {
                break;
            }
            it.remove();
        }
        Stamped stamped = searches.get(id);
        return Optional.ofNullable(stamped).map(Stamped::search);
    }
}
