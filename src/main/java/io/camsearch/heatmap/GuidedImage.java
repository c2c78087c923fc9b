package io.camsearch.heatmap;

import io.camsearch.cam.GuidedGradCam;
import java.awt.image.BufferedImage;

/**
 * A Guided Grad-CAM map as a picture: the three channels of the input gradient as red, green and
 * blue, standardized over the whole map and shown at {@code 0.5 + 0.1 x standard score} (clipped), the
 * way the Grad-CAM authors and pytorch-grad-cam draw it: grey where the gradient is zero, colour
 * where the pixels argue for the proxy.
 */
public final class GuidedImage {

    private GuidedImage() {}

    /** The map at the model's input size. */
    public static BufferedImage rgb(GuidedGradCam.Result result) {
        float[] chw = result.guidedGradCam();
        int pixels = result.height() * result.width();
        assert chw.length == 3 * pixels : chw.length + " values for 3 x " + result.height() + " x " + result.width();
        double mean = 0;
        for (float v : chw) {
            mean += v;
        }
        mean /= chw.length;
        double variance = 0;
        for (float v : chw) {
            variance += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(variance / chw.length) + 1e-5;
        BufferedImage image = new BufferedImage(result.width(), result.height(), BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < pixels; p++) {
            int rgb = 0;
            for (int c = 0; c < 3; c++) {
                double shown = Math.clamp(0.5 + 0.1 * (chw[c * pixels + p] - mean) / std, 0, 1);
                rgb = (rgb << 8) | (int) Math.round(shown * 255);
            }
            image.setRGB(p % result.width(), p / result.width(), rgb);
        }
        return image;
    }
}
