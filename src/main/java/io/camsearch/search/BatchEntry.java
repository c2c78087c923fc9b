package io.camsearch.search;

/** One query of a batch: its answer, or what was wrong with that query alone (the others are answered anyway). */
public sealed interface BatchEntry {

    record Answered(SearchResult result) implements BatchEntry {}

    /** @param error the exception a single request for this query would have failed with */
    record Failed(RuntimeException error) implements BatchEntry {}
}
