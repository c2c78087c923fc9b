package io.camsearch.heatmap;

import java.util.function.DoubleFunction;

/**
 * Maps a value in [0,1] to an sRGB colour through a 256-entry lookup table: the value is clamped
 * to [0,1] and entry {@code round(value * 255)} is used. Colours are packed {@code 0xRRGGBB}.
 */
public final class Colormap {

    /**
     * Google's Turbo, the perceptually improved rainbow colormap used for heatmaps (dark blue at
     * 0, green-yellow in the middle, dark red at 1), built from its published fifth-degree
     * polynomial approximation (Anton Mikhailov and Ruofei Du, Google, 2019, Apache-2.0;
     * https://ai.googleblog.com/2019/08/turbo-improved-rainbow-colormap-for.html). Entry 0 is
     * {@code 0x23171B} (35, 23, 27) and entry 255 is {@code 0x900D00} (144, 13, 0).
     */
    public static final Colormap TURBO = new Colormap(Colormap::turboPolynomial);

    private static final int ENTRIES = 256;

    private final int[] lut = new int[ENTRIES];

    private Colormap(DoubleFunction<double[]> rgbOfValue) {
        for (int i = 0; i < ENTRIES; i++) {
            double[] rgb = rgbOfValue.apply((double) i / (ENTRIES - 1));
            lut[i] = channel(rgb[0]) << 16 | channel(rgb[1]) << 8 | channel(rgb[2]);
        }
    }

    /** The colour of {@code value}, clamped to [0,1], as {@code 0xRRGGBB}. */
    public int rgb(float value) {
        return lut[Math.round(Math.clamp(value, 0f, 1f) * (ENTRIES - 1))];
    }

    private static int channel(double intensity) {
        return (int) Math.round(Math.clamp(intensity, 0, 1) * 255);
    }

    private static double[] turboPolynomial(double x) {
        return new double[] {
            polynomial(x, 0.13572138, 4.61539260, -42.66032258, 132.13108234, -152.94239396, 59.28637943),
            polynomial(x, 0.09140261, 2.19418839, 4.84296658, -14.18503333, 4.27729857, 2.82956604),
            polynomial(x, 0.10667330, 12.64194608, -60.58204836, 110.36276771, -89.90310912, 27.34824973),
        };
    }

    /** {@code c[0] + c[1] x + c[2] x^2 + ...}, by Horner's rule. */
    private static double polynomial(double x, double... coefficients) {
        double sum = 0;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            sum = sum * x + coefficients[i];
        }
        return sum;
    }
}
