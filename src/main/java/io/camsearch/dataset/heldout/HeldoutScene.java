package io.camsearch.dataset.heldout;

import io.camsearch.dataset.SyntheticImage;
import java.awt.Color;
import java.util.SplittableRandom;

/**
 * Every random choice of one held-out image: the glyph's pose (radius 20% to 42% of the side,
 * any rotation), its colours (the class hue jittered, saturation 0.3 to 0.95, brightness 0.45 to 1), a light falling
 * off across the image, an optional defocus of the glyph, and the backdrop's seed.
 */
final class HeldoutScene {

    private final int size;
    private final HeldoutClass heldoutClass;
    private final Layer.Pose pose;
    private final float[] light;
    private final float[] primary;
    private final float[] secondary;
    private final double blur;
    private final long backdropSeed;

    private HeldoutScene(int size, HeldoutClass heldoutClass, Layer.Pose pose, float[] light, float[] primary,
            float[] secondary, double blur, long backdropSeed) {
        this.size = size;
        this.heldoutClass = heldoutClass;
        this.pose = pose;
        this.light = light;
        this.primary = primary;
        this.secondary = secondary;
        this.blur = blur;
        this.backdropSeed = backdropSeed;
    }

    static HeldoutScene compose(HeldoutClass heldoutClass, int size, long imageSeed) {
        SplittableRandom random = new SplittableRandom(imageSeed);
        long backdropSeed = random.nextLong();
        double radius = size * (0.20 + 0.22 * random.nextDouble());
        double margin = 0.9 * radius;
        Layer.Pose pose = new Layer.Pose(margin + random.nextDouble() * (size - 2 * margin),
                margin + random.nextDouble() * (size - 2 * margin), radius, random.nextDouble() * 2 * Math.PI);
        float hue = heldoutClass.hueValue() + (float) (random.nextDouble() - 0.5) * 0.05f;
        float saturation = 0.3f + 0.65f * random.nextFloat();
        float brightness = 0.45f + 0.55f * random.nextFloat();
        float[] primary = rgb(hue, saturation, brightness);
        float[] secondary = rgb(hue + 0.06f, saturation * 0.5f, brightness * 0.4f);
        double lightAngle = random.nextDouble() * 2 * Math.PI;
        float[] light = {0.75f + 0.4f * random.nextFloat(), 0.6f * random.nextFloat(),
                (float) Math.cos(lightAngle), (float) Math.sin(lightAngle)};
        double blur = random.nextBoolean() ? 0 : 0.3 + 0.9 * random.nextDouble();
        return new HeldoutScene(size, heldoutClass, pose, light, primary, secondary, blur, backdropSeed);
    }

    /** The glyph alone, blurred as in the image. */
    Layer layer() {
        long salt = heldoutClass.id() * 1_000_003L;
        Layer layer = Layer.rasterize(size, heldoutClass.glyph(), pose, (u, v, x, y, out) -> {
            double t = heldoutClass.fill().mix(u, v, heldoutClass.textureAngle(), heldoutClass.textureFrequency(), salt);
            double lit = light[0] * (1 + light[1] * ((x - size / 2.0) * light[2] + (y - size / 2.0) * light[3]) / size);
            for (int c = 0; c < 3; c++) {
                out[c] = (float) (Noise.lerp(primary[c], secondary[c], t) * lit);
            }
        });
        layer.blur(blur);
        return layer;
    }

    float[][] backdrop() {
        return Backdrop.paint(size, new SplittableRandom(backdropSeed));
    }

    SyntheticImage render() {
        Layer layer = layer();
        return new SyntheticImage(layer.over(backdrop()), layer.mask(), layer.box());
    }

    private static float[] rgb(float hue, float saturation, float brightness) {
        int rgb = Color.HSBtoRGB(hue, saturation, brightness);
        return new float[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
    }
}
