package io.camsearch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * {@link MirrorViews#backward} against a gradient worked out by hand, for a one-view "backbone"
 * simple enough to differentiate on paper: A(x) = w * x^2 elementwise, with a weight w that is not
 * mirror-symmetric. Then A'(x) = (A(x) + flip(A(flip x))) / 2 = ((w + flip w) / 2) * x^2, and the
 * gradient of sum(A' * g) at x is (w + flip w) * x * g. The gradient g varies across the columns,
 * unlike the gradient of any pool-first head, so a rule that forgot to mirror g (or to mirror the
 * mirror's gradient back) gives other numbers here.
 */
class MirrorViewsBackwardTest {

    private static final int H = 2;
    private static final int W = 3;

    @Test
    void theGradientOfTheAveragedViewsIsTheMirrorSymmetrizedWeightTimesTheOneViewGradient() {
        float[] x = {0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f};
        float[] w = {1f, 2f, 3f, -1f, 0.5f, 4f};
        float[] g = {0.2f, -0.4f, 1f, 0.3f, 0.7f, -0.1f};
        float[] expected = new float[H * W];
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                int i = r * W + c;
                float mirroredWeight = w[r * W + (W - 1 - c)];
                expected[i] = (w[i] + mirroredWeight) * x[i] * g[i];
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(1, 1, H, W);
            NDArray images = manager.create(x, shape);
            NDArray weight = manager.create(w, shape);
            // The vector-Jacobian product of A(x) = w * x^2: 2 * w * x * gradOut.
            NDArray gradient = MirrorViews.backward(images, manager.create(g, shape),
                    (in, gradOut) -> weight.mul(in).mul(gradOut).mul(2));
            assertArrayEquals(expected, gradient.toFloatArray(), 1e-6f);
        }
    }
}
