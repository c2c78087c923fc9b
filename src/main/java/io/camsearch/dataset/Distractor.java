package io.camsearch.dataset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.util.SplittableRandom;

/**
 * One clutter object placed in an image.
 *
 * @param outline in image pixels, inside the disk of radius {@code reach} around the centre
 */
record Distractor(Shape outline, Color colour, double centreX, double centreY, double reach) {

    /** A distractor of a random kind, size and colour, centred at {@code (centreX, centreY)}. */
    static Distractor draw(int size, double centreX, double centreY, SplittableRandom random) {
        DistractorKind[] kinds = DistractorKind.values();
        DistractorKind kind = kinds[random.nextInt(kinds.length)];
        double radius = kind.radius(size, random);
        AffineTransform placement = AffineTransform.getTranslateInstance(centreX, centreY);
        placement.rotate(random.nextDouble() * 2 * Math.PI);
        Shape outline = placement.createTransformedShape(kind.outline(radius, random));
        return new Distractor(outline, Palette.distractor(random), centreX, centreY, radius);
    }

    /** Whether the disks that hold the two objects are at least {@code gap} pixels apart. */
    boolean clears(ProductPlacement product, double gap) {
        return Math.hypot(centreX - product.centreX(), centreY - product.centreY()) >= reach + product.reach() + gap;
    }

    void paint(Graphics2D g) {
        g.setColor(colour);
        g.fill(outline);
    }
}
