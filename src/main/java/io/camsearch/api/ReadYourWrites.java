package io.camsearch.api;

import io.camsearch.consistency.WriteVisibility;
import io.camsearch.index.CatalogIndex;
import io.camsearch.search.SearchSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a search once this replica shows the writes its request names ({@link Consistency}). A plain
 * search runs at once, on the request's worker thread, as it always did. A search that has to
 * wait gives its thread back: its answer is a {@link Uni} that the index's next refreshes complete
 * (or the bound fails, as 503 CONSISTENCY_TIMEOUT), and the search then runs on a worker thread of
 * the pool, so that waiting searches hold no thread and cannot starve the others.
 */
@ApplicationScoped
public class ReadYourWrites {

    private final WriteVisibility visibility;
    private final SearchSettings settings;

    @Inject
    ReadYourWrites(CatalogIndex index, SearchSettings settings, MeterRegistry metrics) {
        this.visibility = new WriteVisibility(index);
        this.settings = settings;
        Gauge.builder("camsearch.search.consistency.waiting", visibility, WriteVisibility::waiting)
                .description("searches waiting until this replica shows the writes their consistency tokens name").register(metrics);
    }

    @PreDestroy
    void close() throws IOException {
        visibility.close();
    }

    /** The request's consistency parameters, checked (see {@link RequestParams#consistency}). */
    Consistency consistency(List<String> tokens, String waitMillis) {
        return RequestParams.consistency(tokens, waitMillis, settings.maxConsistencyWait());
    }

    Consistency consistency(List<String> tokens, Integer waitMillis) {
        return RequestParams.consistency(tokens, waitMillis, settings.maxConsistencyWait());
    }

    /** Searches waiting now. */
    int waiting() {
        return visibility.waiting();
    }

    /** The search's answer: now when there is nothing to wait for, else once this replica shows every write. */
    <T> Uni<T> answer(Consistency consistency, Callable<T> search) throws Exception {
        if (consistency.none()) {
            return Uni.createFrom().item(search.call());
        }
        CompletableFuture<Void> shown = visibility.await(consistency.writes(), consistency.bound());
        if (shown.isDone() && !shown.isCompletedExceptionally()) {
            return Uni.createFrom().item(search.call());
        }
        // The wait completes on the index's refresh thread (or the timer's): the search must not run there.
        return Uni.createFrom().completionStage(shown).emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(ignored -> run(search));
    }

    private static <T> Uni<T> run(Callable<T> search) {
        try {
            return Uni.createFrom().item(search.call());
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
    }
}
