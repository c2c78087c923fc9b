package io.camsearch.dataset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/** Outlines rendered as bits on a 64 x 64 grid over the unit frame, for comparing silhouettes. */
final class Outlines {

    private static final int SIDE = 64;

    private Outlines() {
    }

    /** {@code outline} turned by {@code angle} about the origin, mirrored first if asked, as set pixels. */
    static Bits of(Shape outline, double angle, boolean mirrored) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.translate(SIDE / 2.0, SIDE / 2.0);
        g.scale(SIDE, SIDE);
        g.rotate(angle);
        if (mirrored) {
            g.scale(-1, 1);
        }
        g.setColor(Color.WHITE);
        g.fill(outline);
        g.dispose();
        long[] words = new long[SIDE * SIDE / 64];
        for (int p = 0; p < SIDE * SIDE; p++) {
            if (image.getRaster().getSample(p % SIDE, p / SIDE, 0) > 127) {
                words[p / 64] |= 1L << (p % 64);
            }
        }
        return new Bits(words);
    }

    record Bits(long[] words) {

        /** Pixels set in one but not the other, over pixels set in either. */
        double differingShare(Bits other) {
            int differ = 0;
            int either = 0;
            for (int i = 0; i < words.length; i++) {
                differ += Long.bitCount(words[i] ^ other.words[i]);
                either += Long.bitCount(words[i] | other.words[i]);
            }
            return either == 0 ? 0 : (double) differ / either;
        }

        /** The share of the square's pixels set. */
        double share() {
            return Arrays.stream(words).map(Long::bitCount).sum() / (double) (SIDE * SIDE);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bits other && Arrays.equals(words, other.words);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(words);
        }
    }
}
