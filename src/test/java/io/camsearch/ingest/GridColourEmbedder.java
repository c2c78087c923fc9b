package io.camsearch.ingest;

import io.camsearch.cam.CamBasis;
import io.camsearch.image.DecodedImage;
import io.camsearch.index.CatalogItem;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * An embedder without a model, for the tests of ordering and delivery: an image's mean colour in
 * each cell of a 4 x 4 grid, 48 numbers in [0, 1]. A plain deterministic function of the pixels,
 * so a test can compute what an item must hold; a black image embeds as the zero vector.
 */
final class GridColourEmbedder implements ImageEmbedder {

    static final int CELLS = 4;
    static final int DIM = CELLS * CELLS * 3;

    @Override
    public float[] toInput(DecodedImage decoded) {
        BufferedImage image = decoded.image();
        double[] sums = new double[DIM];
        int[] counts = new int[CELLS * CELLS];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int cell = (y * CELLS / image.getHeight()) * CELLS + x * CELLS / image.getWidth();
                int rgb = image.getRGB(x, y);
                sums[cell * 3] += ((rgb >> 16) & 0xff) / 255.0;
                sums[cell * 3 + 1] += ((rgb >> 8) & 0xff) / 255.0;
                sums[cell * 3 + 2] += (rgb & 0xff) / 255.0;
                counts[cell]++;
            }
        }
        float[] input = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            int n = counts[i / 3];
            input[i] = n == 0 ? 0f : (float) (sums[i] / n);
        }
        return input;
    }

    @Override
    public List<CatalogItem> embed(List<ImageToEmbed> images) {
        List<CatalogItem> items = new ArrayList<>(images.size());
        for (ImageToEmbed image : images) {
            items.add(new CatalogItem(image.id(), image.input().clone(), new CamBasis(DIM, 1, 1, image.input().clone()), image.metadata(),
                    image.thumbnail()));
        }
        return items;
    }
}
