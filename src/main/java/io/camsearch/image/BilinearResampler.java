package io.camsearch.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * Resizes an RGB image with a bilinear (triangle) filter whose width grows with the downscale
 * factor, so that every input pixel contributes and fine detail averages out instead of
 * aliasing: a 1-pixel checkerboard becomes mid-grey, not a random pattern of black and white.
 * Upscaling is plain bilinear interpolation.
 *
 * <p>This is, to the rounding of 8-bit intermediates, Pillow's {@code Image.resize(size,
 * BILINEAR)}, which torchvision's {@code Resize} applies to PIL images (and, with
 * {@code antialias=True}, to tensors): a model trained with torchvision sees the same kind of
 * input here. The filter is separable, horizontal pass first; it costs about two multiply-adds
 * per input pixel and channel whatever the factor, and never holds the whole image as floats.
 */
final class BilinearResampler {

    private static final int CHANNELS = 3;

    private BilinearResampler() {
    }

    /**
     * The image resized to {@code width x height}, as float planes R, G, B (channel-major, then
     * row-major) holding values in [0, 255].
     *
     * @param image a {@code TYPE_INT_RGB} image
     */
    static float[] resizeToPlanes(BufferedImage image, int width, int height) {
        assert image.getType() == BufferedImage.TYPE_INT_RGB : "the decoder hands over TYPE_INT_RGB images, got type " + image.getType();
        assert width > 0 && height > 0 : "resizing to " + width + "x" + height;
        float[] rows = resizeRows(image.getRaster(), width);
        return resizeColumns(rows, image.getHeight(), width, height);
    }

    /** Horizontal pass: planes of {@code inHeight x width}. */
    private static float[] resizeRows(Raster raster, int width) {
        int inWidth = raster.getWidth();
        int inHeight = raster.getHeight();
        Taps taps = Taps.of(inWidth, width);
        int plane = inHeight * width;
        float[] rows = new float[CHANNELS * plane];
        int[] packed = new int[inWidth];
        float[] red = new float[inWidth];
        float[] green = new float[inWidth];
        float[] blue = new float[inWidth];
        for (int y = 0; y < inHeight; y++) {
            raster.getDataElements(0, y, inWidth, 1, packed);
            for (int x = 0; x < inWidth; x++) {
                red[x] = packed[x] >> 16 & 0xFF;
                green[x] = packed[x] >> 8 & 0xFF;
                blue[x] = packed[x] & 0xFF;
            }
            // The three channels share each output's taps: one pass over them, three sums.
            int row = y * width;
            for (int x = 0; x < width; x++) {
                float[] weights = taps.weights[x];
                int first = taps.first[x];
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = 0; k < weights.length; k++) {
                    r += weights[k] * red[first + k];
                    g += weights[k] * green[first + k];
                    b += weights[k] * blue[first + k];
                }
                rows[row + x] = r;
                rows[plane + row + x] = g;
                rows[2 * plane + row + x] = b;
            }
        }
        return rows;
    }

    /** Vertical pass: from planes of {@code inHeight x width} to planes of {@code height x width}. */
    private static float[] resizeColumns(float[] rows, int inHeight, int width, int height) {
        Taps taps = Taps.of(inHeight, height);
        int inPlane = inHeight * width;
        int plane = height * width;
        float[] planes = new float[CHANNELS * plane];
        for (int c = 0; c < CHANNELS; c++) {
            for (int y = 0; y < height; y++) {
                int out = c * plane + y * width;
                for (int k = 0; k < taps.weights[y].length; k++) {
                    float weight = taps.weights[y][k];
                    int in = c * inPlane + (taps.first[y] + k) * width;
                    for (int x = 0; x < width; x++) {
                        planes[out + x] += weight * rows[in + x];
                    }
                }
            }
        }
        return planes;
    }

    /**
     * For each output coordinate along one axis: the first input coordinate it reads and the
     * normalized weights of the inputs from there on.
     */
    private record Taps(int[] first, float[][] weights) {

        static Taps of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double support = Math.max(scale, 1.0);
            int[] first = new int[outSize];
            float[][] weights = new float[outSize][];
            for (int out = 0; out < outSize; out++) {
                double center = (out + 0.5) * scale;
                int min = Math.max(0, (int) (center - support + 0.5));
                int max = Math.min(inSize, (int) (center + support + 0.5));
                double[] triangle = new double[max - min];
                double total = 0;
                for (int in = min; in < max; in++) {
                    triangle[in - min] = Math.max(0, 1 - Math.abs(in + 0.5 - center) / support);
                    total += triangle[in - min];
                }
                assert min < max && total > 0 : "output " + out + " of " + outSize + " reads no input of " + inSize;
                first[out] = min;
                weights[out] = new float[triangle.length];
                for (int k = 0; k < triangle.length; k++) {
                    weights[out][k] = (float) (triangle[k] / total);
                }
            }
            return new Taps(first, weights);
        }
    }
}
