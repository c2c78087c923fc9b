package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings are given by name, all of them, and a wrong one is named. */
class IngestSettingsTest {

    @Test
    void everySettingMissingIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> IngestSettings.builder().modelBatch(8).build());
        assertEquals("ingest settings: fetch-threads is not set; model-workers is not set; model-threads is not set; thumbnail-max-side is not set;"
                + " max-concurrent-fetches is not set; commit-interval is not set", e.getMessage());
    }

    @Test
    void aValueOutOfRangeIsNamedWithWhatItMustBe() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TestIngestSettings.small().modelWorkers(0).thumbnailMaxSide(8).commitInterval(Duration.ofSeconds(-1)).build());
        assertEquals("ingest settings: model-workers must be >= 1, got 0; thumbnail-max-side must be >= 16, got 8;"
                + " commit-interval must be zero or positive, got PT-1S", e.getMessage());
    }

    @Test
    void aBuilderFromSettingsChangesOnlyWhatItIsToldTo() {
        IngestSettings base = TestIngestSettings.small().instanceId(Optional.of("embedder-1")).build();
        IngestSettings changed = base.toBuilder().modelBatch(2).build();
        assertEquals(2, changed.modelBatch());
        assertEquals(base.toString().replace("modelBatch=32", "modelBatch=2"), changed.toString());
        assertEquals(Optional.of("embedder-1"), changed.instanceId());
    }
}
