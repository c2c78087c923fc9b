package io.camsearch.image;

import java.util.Objects;

/**
 * Turns a decoded image into a network's input: a float array in CHW order (channels R, G, B;
 * then rows; then columns), each value {@code (pixel / 255 - mean[c]) / std[c]}.
 *
 * <p>The image is resized directly to the input size; the aspect ratio is <em>not</em> kept, and
 * nothing is cropped or padded. So input pixel {@code (x, y)} covers the original's
 * {@code (x * originalWidth / width, y * originalHeight / height)}, and a heatmap computed over
 * the input, stretched back to the original's size, lies exactly over the whole original image.
 * Downscaling is antialiased (see {@link BilinearResampler}), as torchvision's {@code Resize} is.
 *
 * <p>Immutable and thread-safe.
 */
public final class ImageTensorizer {

    private final Preprocessing preprocessing;
    private final float[] scale;
    private final float[] offset;

    public ImageTensorizer(Preprocessing preprocessing) {
        this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
        float[] mean = preprocessing.mean();
        float[] std = preprocessing.std();
        scale = new float[mean.length];
        offset = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            scale[c] = 1f / (255f * std[c]);
            offset[c] = mean[c] / std[c];
        }
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /**
     * The network input for one image.
     *
     * @return {@code 3 * height * width} floats; channel c, row y, column x is at
     *         {@code (c * height + y) * width + x}
     */
    public float[] toChw(DecodedImage image) {
        int plane = preprocessing.width() * preprocessing.height();
        float[] chw = BilinearResampler.resizeToPlanes(image.image(), preprocessing.width(), preprocessing.height());
        for (int c = 0; c < scale.length; c++) {
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                chw[i] = chw[i] * scale[c] - offset[c];
            }
        }
        return chw;
    }
}
