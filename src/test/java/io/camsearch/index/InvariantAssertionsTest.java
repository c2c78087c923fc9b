package io.camsearch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.CamBasis;
import io.camsearch.cam.Grid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests run with the code's {@code assert}s on (-ea in the pom's argLine), so an internal
 * invariant broken by a change fails a test instead of passing unnoticed.
 */
class InvariantAssertionsTest {

    @TempDir
    Path dir;

    @Test
    void theTestJvmRunsTheCodesAssertions() {
        assertTrue(Grid.class.desiredAssertionStatus(), "cam's assertions are off: is -ea missing from the surefire argLine?");
        assertTrue(CatalogFields.class.desiredAssertionStatus(), "index's assertions are off");
    }

    @Test
    void anItemWhoseBasisDoesNotMatchItsEmbeddingIsCaughtByTheIndexCodecsInvariant() throws IOException {
        // A basis is d x h x w for a d-long embedding; the ingestor builds both from one model.
        CatalogItem broken = new CatalogItem("item-1", new float[] {1, 0, 0}, new CamBasis(2, 1, 1, new float[] {1, 2}), Map.of());
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            AssertionError error = assertThrows(AssertionError.class, () -> index.upsert(List.of(broken)));
            assertEquals("item 'item-1': a basis of dimension 2 for a 3-d embedding", error.getMessage());
        }
    }
}
