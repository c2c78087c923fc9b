package io.camsearch.train;

/**
 * Training-time augmentation. The synthetic catalog already varies position, scale, rotation and
 * clutter, so a horizontal flip is all that is added: it doubles the views of each object without
 * changing its class (every shape family is mirror-symmetric or mirror-agnostic in its name).
 */
final class Augmentation {

    private Augmentation() {}

    /** Copies one CHW input into {@code target} at {@code offset}, mirrored left-right if {@code flip}. */
    static void copy(float[] input, float[] target, int offset, int height, int width, boolean flip) {
        if (!flip) {
            System.arraycopy(input, 0, target, offset, input.length);
            return;
        }
        for (int row = 0; row < 3 * height; row++) {
            int base = row * width;
            for (int x = 0; x < width; x++) {
                target[offset + base + x] = input[base + width - 1 - x];
            }
        }
    }
}
