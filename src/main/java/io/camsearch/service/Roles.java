package io.camsearch.service;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What this process does, from {@code camsearch.roles}: the embedder (a member of the embedder
 * group on {@code catalog-images}, publishing to the model's embeddings topic), the searcher (reads
 * that topic into its own index and answers the API), or both in one process, today's path with
 * no embeddings topic in between.
 */
public record Roles(Set<Role> served) {

    public static final String KEY = "camsearch.roles";

    /** The roles a process can take, by the names {@code camsearch.roles} lists. */
    public enum Role {
        EMBEDDER, SEARCHER;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Roles BOTH = new Roles(EnumSet.allOf(Role.class));

    public Roles {
        assert !served.isEmpty() : "no role";
        served = Set.copyOf(served);
    }

    /**
     * The roles {@code names} lists (case and blanks ignored).
     *
     * @throws IllegalArgumentException naming the key, the bad value and the allowed names
     */
    public static Roles parse(List<String> names) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            Role role = Stream.of(Role.values()).filter(r -> r.configName().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(KEY + " lists '" + name.strip() + "', which is not a role; " + allowed()));
            roles.add(role);
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(KEY + " is empty; " + allowed());
        }
        return new Roles(roles);
    }

    private static String allowed() {
        return "the roles are " + Stream.of(Role.values()).map(Role::configName).collect(Collectors.joining(" and "))
                + ", one or both, comma-separated (both: embedder,searcher)";
    }

    public boolean serves(Role role) {
        return served.contains(role);
    }

    /**
     * Both roles in one process: the one-process path, where the ingestor hands items to the index
     * applier in-process and no embeddings topic exists. Why not through the topic: the
     * {@link io.camsearch.ingest.IndexApplier} is already the one path that applies items to an
     * index in both set-ups (the searcher's reader applies through it too), so a round trip through
     * Kafka would add a topic to create, an envelope encoding and a second lag for the local run and
     * a single pod, and test nothing the split set-up does not.
     */
    public boolean oneProcess() {
        return served.size() == Role.values().length;
    }

    /** Only the embedder: catalog-images to the embeddings topic, no index. */
    public boolean embedderOnly() {
        return served.equals(Set.of(Role.EMBEDDER));
    }

    /** Only the searcher: the embeddings topic into the index, and the API. */
    public boolean searcherOnly() {
        return served.equals(Set.of(Role.SEARCHER));
    }

    @Override
    public String toString() {
        return Stream.of(Role.values()).filter(served::contains).map(Role::configName).collect(Collectors.joining(","));
    }
}
