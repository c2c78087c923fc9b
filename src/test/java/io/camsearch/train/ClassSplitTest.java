package io.camsearch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.camsearch.dataset.CatalogSpec;
import io.camsearch.dataset.CubDataset;
import io.camsearch.dataset.SyntheticCatalog;
import io.camsearch.dataset.WideWorld;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassSplitTest {

    @Test
    void anExtraCatalogTrainsEveryImageUnderLabelsAfterTheTrainingClassesAndLeavesTheHeldOutSideAlone(@TempDir Path dir) throws IOException {
        new SyntheticCatalog(new CatalogSpec(1, 6, 3, 32)).writeTo(dir.resolve("own"), 2, line -> { });
        new WideWorld(2, 5, 2, 64).writeTo(dir.resolve("wide"), 2, line -> { });
        CubDataset own = CubDataset.read(dir.resolve("own"));
        CubDataset wide = CubDataset.read(dir.resolve("wide"));

        ClassSplit halves = ClassSplit.halves(own);
        ClassSplit widened = halves.plusTraining(wide, "wide");

        assertEquals(9, halves.train().size(), "classes 1..3 of the own catalog, 3 images each");
        assertEquals(9 + 10, widened.train().size(), "plus all 5 x 2 wide images, whatever their split flag");
        assertEquals(halves.train(), widened.train().subList(0, 9), "the own catalog's images and labels first, unchanged");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), List.copyOf(labels(widened.train())), "dense labels: 0..2 own, 3..7 wide");
        List<Integer> wideLabels = widened.train().subList(9, 19).stream().map(LabeledImage::label).toList();
        assertEquals(List.of(3, 3, 4, 4, 5, 5, 6, 6, 7, 7), wideLabels, "each wide class one label, in class order");
        assertEquals(halves.test(), widened.test(), "Recall@K is still measured on the own held-out classes");
        assertEquals("1..3 + 5 classes of wide", widened.trainRange());
        assertEquals("4..6", widened.testRange());
    }

    private static TreeSet<Integer> labels(List<LabeledImage> images) {
        TreeSet<Integer> labels = new TreeSet<>();
        images.forEach(image -> labels.add(image.label()));
        return labels;
    }
}
