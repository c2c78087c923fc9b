package io.camsearch.ingest;

import io.camsearch.source.ImageSource;
import java.util.Map;

/** What one record of {@code catalog-images} asks for. */
public sealed interface CatalogEvent {

    String id();

    /** Add the item, or replace it if the id is already indexed. */
    record Upsert(String id, ImageSource image, Map<String, Object> metadata) implements CatalogEvent {
        public Upsert {
            metadata = Map.copyOf(metadata);
        }
    }

    /** Remove the item (a tombstone: the record's value is null). */
    record Delete(String id) implements CatalogEvent {}
}
