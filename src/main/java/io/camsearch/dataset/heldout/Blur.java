package io.camsearch.dataset.heldout;

/** A separable Gaussian blur of a square float plane, edges clamped. */
final class Blur {

    private Blur() {
    }

    static void gaussian(float[] plane, int size, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        float[] pass = new float[plane.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * plane[y * size + Math.clamp(x + k, 0, size - 1)];
                }
                pass[y * size + x] = acc;
            }
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * pass[Math.clamp(y + k, 0, size - 1) * size + x];
                }
                plane[y * size + x] = acc;
            }
        }
    }
}
