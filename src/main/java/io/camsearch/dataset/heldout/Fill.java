package io.camsearch.dataset.heldout;

/**
 * How a glyph's surface mixes its two colours, in the glyph's own frame (so a texture turns and
 * scales with the glyph). {@link #mix} is the share of the second colour at a point, in [0, 1].
 */
enum Fill {
    PLAIN {
        @Override
        double mix(double u, double v, double angle, double frequency, long salt) {
            return 0;
        }
    },
    ANGLED_STRIPES {
        @Override
        double mix(double u, double v, double angle, double frequency, long salt) {
            return Math.sin(frequency * Math.PI * (u * Math.cos(angle) + v * Math.sin(angle))) > 0 ? 1 : 0;
        }
    },
    CHECKER {
        @Override
        double mix(double u, double v, double angle, double frequency, long salt) {
            double a = u * Math.cos(angle) + v * Math.sin(angle);
            double b = -u * Math.sin(angle) + v * Math.cos(angle);
            return Math.floorMod((long) Math.floor(a * frequency / 2) + (long) Math.floor(b * frequency / 2), 2);
        }
    },
    MOTTLED {
        @Override
        double mix(double u, double v, double angle, double frequency, long salt) {
            return Noise.smooth(u * frequency + 10, v * frequency + 10, salt) > 0.5 ? 0.85 : 0.1;
        }
    },
    GRADIENT {
        @Override
        double mix(double u, double v, double angle, double frequency, long salt) {
            return Math.clamp((u * Math.cos(angle) + v * Math.sin(angle) + 1) / 2, 0, 1);
        }
    },
    CONCENTRIC {
        @Override
        double mix(double u, double v, double angle, double frequency, long salt) {
            return Math.sin(frequency * Math.PI * Math.hypot(u, v)) > 0 ? 1 : 0;
        }
    },
    SPECKLE {
        @Override
        double mix(double u, double v, double angle, double frequency, long salt) {
            double x = u * frequency;
            double y = v * frequency;
            long cx = (long) Math.floor(x);
            long cy = (long) Math.floor(y);
            double px = cx + 0.2 + 0.6 * Noise.lattice(cx, cy, salt);
            double py = cy + 0.2 + 0.6 * Noise.lattice(cx, cy, salt + 7);
            return Math.hypot(x - px, y - py) < 0.22 ? 1 : 0;
        }
    };

    /**
     * @param angle the texture's direction in radians
     * @param frequency how many stripes, cells or bands across the glyph's frame
     * @param salt the class's own noise, so mottling and speckle differ between classes
     */
    abstract double mix(double u, double v, double angle, double frequency, long salt);
}
