package io.camsearch.index;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.model.ModelIdentity;
import io.camsearch.model.ModelMismatchException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexModelTest {

    private static final ModelIdentity MODEL = new ModelIdentity("m", "a".repeat(64), 2);
    private static final ModelIdentity RETRAINED = new ModelIdentity("m", "b".repeat(64), 2);

    @TempDir
    Path dir;

    @Test
    void aNewIndexIsClaimedForTheModelAndKeepsItsOtherCommitData() throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 1000)) {
            index.commit(Map.of("offset:catalog-images-0", "7"));
            IndexModel.claim(index, MODEL, "index " + dir);
            assertEquals(Optional.of(MODEL), ModelIdentity.fromProperties(index.committedData(), "the index"));
            assertEquals("7", index.committedData().get("offset:catalog-images-0"), "the claim keeps the offsets");
            assertDoesNotThrow(() -> IndexModel.claim(index, MODEL, "index " + dir), "the same model again");
        }
    }

    @Test
    void anIndexOfAnotherModelIsRefusedNamingTheIndexAndWhatDiffers() throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 1000)) {
            IndexModel.claim(index, RETRAINED, "index " + dir);
            var refused = assertThrows(ModelMismatchException.class, () -> IndexModel.claim(index, MODEL, "index " + dir));
            assertTrue(refused.getMessage().startsWith("index " + dir + " holds vectors of model 'm' (weights sha256 bbbbbbbbbbbb..."),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("(weights differ)"), refused.getMessage());
            assertEquals(Optional.of(RETRAINED), ModelIdentity.fromProperties(index.committedData(), "the index"), "the index is left as it was");
        }
    }

    @Test
    void anIndexWrittenBeforeIndexesNamedTheirModelIsAdoptedWhenItsVectorsFit() throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 1000)) {
            index.upsert(List.of(new CatalogItem("a", new float[] {1, 0}, null, Map.of())));
            index.commit(Map.of("offset:catalog-images-0", "1"));
            IndexModel.claim(index, MODEL, "index " + dir);
            assertEquals(Optional.of(MODEL), ModelIdentity.fromProperties(index.committedData(), "the index"));
            assertEquals("1", index.committedData().get("offset:catalog-images-0"), "the upgraded service resumes where it stopped");
            assertEquals(1, index.size());
        }
    }

    @Test
    void anIndexWithoutAModelWhoseVectorsHaveAnotherSizeIsRefusedUntouched() throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 1000)) {
            index.upsert(List.of(new CatalogItem("a", new float[] {1, 0, 0}, null, Map.of())));
            index.commit(Map.of());
            var refused = assertThrows(IllegalStateException.class, () -> IndexModel.claim(index, MODEL, "index " + dir));
            assertEquals("index " + dir + " holds 1 item of 3-d vectors and does not name the model that made them; model " + MODEL.describe()
                    + " will not mix its vectors with them: give it an empty index directory", refused.getMessage());
            assertEquals(Optional.empty(), ModelIdentity.fromProperties(index.committedData(), "the index"));
        }
    }
}
