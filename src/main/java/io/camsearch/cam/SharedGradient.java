package io.camsearch.cam;

/**
 * M (d x K, row-major) of a pool -> linear head, {@code W / (h w)}: the same for every image, so a
 * catalog item's basis B = M A needs only its feature map A stored ({@link StoredExplanation}) and M
 * from the model where bases are read.
 */
public record SharedGradient(int dim, int channels, float[] matrix) {

    public SharedGradient {
        if (dim <= 0 || channels <= 0 || matrix.length != (long) dim * channels) {
            throw new IllegalArgumentException("a gradient matrix of " + dim + " x " + channels + " needs " + (long) dim * channels
                    + " values, got " + matrix.length);
        }
    }
}
