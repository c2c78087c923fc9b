package io.camsearch.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures an object's coverage of each pixel from two renders of the object alone, over black
 * ({@code K = a P}) and over white ({@code W = a P + (1 - a) 255}): {@code a = 1 - (W - K) / 255},
 * averaged over the channels. The generators' tests judge their masks with it, so the judge uses
 * none of the mask code it judges.
 */
public final class LayerCoverage {

    private LayerCoverage() {
    }

    /** Row-major coverage in [0, 1] (up to 8-bit rounding) of two square renders of one size. */
    public static double[] of(BufferedImage overBlack, BufferedImage overWhite) {
        int size = overBlack.getWidth();
        double[] coverage = new double[size * size];
        for (int p = 0; p < coverage.length; p++) {
            int k = overBlack.getRGB(p % size, p / size);
            int w = overWhite.getRGB(p % size, p / size);
            double sum = 0;
            for (int shift = 0; shift <= 16; shift += 8) {
                sum += (w >> shift & 0xFF) - (k >> shift & 0xFF);
            }
            coverage[p] = 1 - sum / 3 / 255;
        }
        return coverage;
    }

    /**
     * Equal within one level a channel: a coverage that rounds to 0 or 1 in 8 bits may still let
     * a trace of the other layer through.
     */
    public static boolean sameUpToRounding(int rgb, int other) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((rgb >> shift & 0xFF) - (other >> shift & 0xFF)) > 1) {
                return false;
            }
        }
        return true;
    }

    /** Every regular file below {@code root}, relative to it, sorted. */
    public static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
