package io.camsearch.dataset;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One synthetic image before it is drawn: its background seed, its product and its distractors.
 * Painting happens in stages (background, product, distractors, in that order) that each depend
 * only on this scene, so any stage can be painted again, alone, to the same pixels.
 */
final class Scene {

    /**
     * Pixels kept clear between a distractor's disk and the product's: the antialiased rims of
     * both reach about a pixel beyond the geometry, and neither may touch the other.
     */
    private static final double CLEARANCE = 3;

    /** Placement tries per distractor before it is left out; tight scenes get fewer distractors. */
    private static final int PLACEMENT_TRIES = 100;

    private final int size;
    private final long backgroundSeed;
    private final ProductPlacement product;
    private final List<Distractor> distractors;

    private Scene(int size, long backgroundSeed, ProductPlacement product, List<Distractor> distractors) {
        this.size = size;
        this.backgroundSeed = backgroundSeed;
        this.product = product;
        this.distractors = distractors;
    }

    /** Makes every random choice of one {@code size x size} image from {@code imageSeed}. */
    static Scene compose(ProductClass productClass, int size, long imageSeed) {
        SplittableRandom random = new SplittableRandom(imageSeed);
        long backgroundSeed = random.nextLong();
        ProductPlacement product = ProductPlacement.draw(productClass, size, random);
        int wanted = 1 + random.nextInt(3);
        List<Distractor> distractors = new ArrayList<>(wanted);
        for (int tries = 0; distractors.size() < wanted && tries < wanted * PLACEMENT_TRIES; tries++) {
            Distractor candidate = Distractor.draw(size, random.nextDouble() * size, random.nextDouble() * size, random);
            if (candidate.clears(product, CLEARANCE)) {
                distractors.add(candidate);
            }
        }
        return new Scene(size, backgroundSeed, product, List.copyOf(distractors));
    }

    ProductPlacement product() {
        return product;
    }

    List<Distractor> distractors() {
        return distractors;
    }

    /** The finished image with its ground truth. */
    SyntheticImage render() {
        BufferedImage layer = product.layer(size);
        BufferedImage image = newCanvas();
        Graphics2D g = Drawing.graphics(image);
        paintBackground(g);
        g.drawImage(layer, 0, 0, null);
        paintDistractors(g);
        g.dispose();
        BufferedImage mask = ProductMask.of(layer);
        return new SyntheticImage(image, mask, ProductMask.tightBox(mask));
    }

    /** An opaque canvas of the scene's size, for the stages to paint on. */
    BufferedImage newCanvas() {
        return new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    }

    void paintBackground(Graphics2D g) {
        Background.paint(g, size, backgroundSeed);
    }

    /** Distractors come last, so that any overlap with the product would show on its pixels. */
    void paintDistractors(Graphics2D g) {
        for (Distractor distractor : distractors) {
            distractor.paint(g);
        }
    }
}
