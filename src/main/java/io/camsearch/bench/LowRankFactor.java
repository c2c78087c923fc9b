package io.camsearch.bench;

import io.camsearch.cam.CamBasis;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * A candidate encoding of a CAM basis that {@link BasisBenchmark} measures (not the one stored, see
 * {@code io.camsearch.cam.BasisCodec}): a low-rank factor {@code B ~ L R} (L d x r, R r x h w) from
 * a truncated SVD, the rank chosen per item by the relative Frobenius residual it leaves, each
 * component in int8 with one scale, or in half precision.
 *
 * <pre>
 *   1          format: {@value #INT8_FACTOR} (int8 factor) or {@value #HALF_FACTOR} (half-precision factor)
 *   1          rank r (0 for an all-zero basis)
 *   int8:      4r scales (float32), dr int8 L (row-major), r hw int8 R (row-major); component k is
 *              scale_k L[., k] R[k, .]
 *   half:      2dr L, 2r hw R, IEEE half precision
 * </pre>
 *
 * <p>Why it lost on the demo model: its bases are far from low rank where it matters (a rank-32
 * factor, 8.8 KB, leaves hits' normalized maps 0.12 off), because the catalog's embeddings, the
 * proxies, span most of the 128 dimensions. Encoding is a randomized SVD (a fixed seed):
 * {@link #POWER_ITERATIONS} power iterations on {@code r + }{@link #OVERSAMPLING} random
 * directions, then the exact SVD of the small projected matrix.
 */
final class LowRankFactor {

    static final int INT8_FACTOR = 1;
    static final int HALF_FACTOR = 2;

    static final int OVERSAMPLING = 8;
    static final int POWER_ITERATIONS = 2;
    private static final long SEED = 0x5EED_BA515L;
    private static final int MAX_RANK = 255;
    private static final VarHandle HALF_FLOATS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private final int format;
    private final int maxRank;
    private final double tolerance;

    /**
     * @param format {@link #INT8_FACTOR} or {@link #HALF_FACTOR}
     * @param maxRank the largest rank, 1..255
     * @param tolerance the relative Frobenius residual to stop at, in [0, 1)
     */
    LowRankFactor(int format, int maxRank, double tolerance) {
        if (format != INT8_FACTOR && format != HALF_FACTOR) {
            throw new IllegalArgumentException("basis format " + format + " is unknown; " + INT8_FACTOR + " (int8) or " + HALF_FACTOR + " (half) expected");
        }
        if (maxRank < 1 || maxRank > MAX_RANK) {
            throw new IllegalArgumentException("a basis factor's rank is 1.." + MAX_RANK + ", got " + maxRank);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("the residual tolerance is in [0, 1), got " + tolerance);
        }
        this.format = format;
        this.maxRank = maxRank;
        this.tolerance = tolerance;
    }

    /** The bytes of {@code basis}'s factor. */
    byte[] encode(CamBasis basis) {
        int dim = basis.dim();
        int cells = basis.height() * basis.width();
        Factor factor = Factor.of(basis.values(), dim, cells, maxRank, tolerance);
        int rank = factor.rank();
        byte[] bytes = new byte[length(format, rank, dim, cells)];
        bytes[0] = (byte) format;
        bytes[1] = (byte) rank;
        int at = 2;
        if (format == HALF_FACTOR) {
            for (int x = 0; x < dim; x++) {
                for (int k = 0; k < rank; k++, at += 2) {
                    HALF_FLOATS.set(bytes, at, Float.floatToFloat16((float) factor.left[k][x]));
                }
            }
            for (int k = 0; k < rank; k++) {
                for (int c = 0; c < cells; c++, at += 2) {
                    HALF_FLOATS.set(bytes, at, Float.floatToFloat16((float) factor.right[k][c]));
                }
            }
        } else {
            double[] leftMax = new double[rank];
            double[] rightMax = new double[rank];
            for (int k = 0; k < rank; k++, at += Float.BYTES) {
                leftMax[k] = maxAbs(factor.left[k]);
                rightMax[k] = maxAbs(factor.right[k]);
                FLOATS.set(bytes, at, (float) (leftMax[k] * rightMax[k] / (127.0 * 127.0)));
            }
            for (int x = 0; x < dim; x++) {
                for (int k = 0; k < rank; k++) {
                    bytes[at++] = int8(factor.left[k][x], leftMax[k]);
                }
            }
            for (int k = 0; k < rank; k++) {
                for (int c = 0; c < cells; c++) {
                    bytes[at++] = int8(factor.right[k][c], rightMax[k]);
                }
            }
        }
        assert at == bytes.length : "a rank-" + rank + " factor wrote " + at + " of " + bytes.length + " bytes";
        return bytes;
    }

    /**
     * The basis whose factor {@code bytes} hold, for a {@code dim x height x width} basis.
     *
     * @throws IllegalArgumentException naming what does not fit: an unknown format, a rank above
     *     the basis' own, a length other than the rank's
     */
    static CamBasis decode(int dim, int height, int width, byte[] bytes) {
        int cells = height * width;
        if (bytes.length < 2) {
            throw new IllegalArgumentException("a basis factor has at least 2 bytes (format, rank), got " + bytes.length);
        }
        int format = Byte.toUnsignedInt(bytes[0]);
        int rank = Byte.toUnsignedInt(bytes[1]);
        if (format != INT8_FACTOR && format != HALF_FACTOR) {
            throw new IllegalArgumentException("basis format " + format + " is unknown; " + INT8_FACTOR + " (int8 factor) or " + HALF_FACTOR + " (half-precision factor) expected");
        }
        if (rank > Math.min(dim, cells)) {
            throw new IllegalArgumentException("a factor of rank " + rank + " for a " + dim + " x " + height + " x " + width + " basis, whose rank is at most " + Math.min(dim, cells));
        }
        int expected = length(format, rank, dim, cells);
        if (bytes.length != expected) {
            throw new IllegalArgumentException("a rank-" + rank + " factor of a " + dim + " x " + height + " x " + width + " basis has " + expected + " bytes, got " + bytes.length);
        }
        float[] left = new float[dim * rank];
        float[] right = new float[rank * cells];
        int at = 2;
        if (format == HALF_FACTOR) {
            for (int i = 0; i < left.length; i++, at += 2) {
                left[i] = Float.float16ToFloat((short) HALF_FLOATS.get(bytes, at));
            }
            for (int i = 0; i < right.length; i++, at += 2) {
                right[i] = Float.float16ToFloat((short) HALF_FLOATS.get(bytes, at));
            }
        } else {
            float[] scales = new float[rank];
            for (int k = 0; k < rank; k++, at += Float.BYTES) {
                scales[k] = (float) FLOATS.get(bytes, at);
                if (!Float.isFinite(scales[k])) {
                    throw new IllegalArgumentException("the scale of factor component " + k + " is " + scales[k]);
                }
            }
            for (int i = 0; i < left.length; i++) {
                left[i] = bytes[at++];
            }
            for (int k = 0; k < rank; k++) {
                for (int c = 0; c < cells; c++) {
                    right[k * cells + c] = bytes[at++] * scales[k];
                }
            }
        }
        return CamBasis.lowRank(dim, height, width, rank, left, right);
    }

    /** The length of a factor of {@code rank} in {@code format}. */
    static int length(int format, int rank, int dim, int cells) {
        int values = rank * (dim + cells);
        return 2 + (format == HALF_FACTOR ? 2 * values : Float.BYTES * rank + values);
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static byte int8(double value, double max) {
        return max == 0 ? 0 : (byte) Math.round(value / max * 127);
    }

    /** A truncated SVD {@code B ~ sum_k left_k right_k^T}, components largest first. */
    private record Factor(double[][] left, double[][] right) {

        int rank() {
            return left.length;
        }

        static Factor of(float[] b, int dim, int cells, int maxRank, double tolerance) {
            double total = 0;
            for (float v : b) {
                total += (double) v * v;
            }
            int sample = Math.min(maxRank + OVERSAMPLING, Math.min(dim, cells));
            if (total == 0) {
                return new Factor(new double[0][], new double[0][]);
            }
            // The range of B: Q = orth(B Omega), refined by power iterations Q = orth(B orth(B^T Q)).
            Random random = new Random(SEED);
            double[][] omega = new double[sample][cells];
            for (double[] column : omega) {
                for (int c = 0; c < cells; c++) {
                    column[c] = random.nextGaussian();
                }
            }
            double[][] q = orthonormal(times(b, dim, cells, omega));
            for (int i = 0; i < POWER_ITERATIONS; i++) {
                q = orthonormal(times(b, dim, cells, orthonormal(transposeTimes(b, dim, cells, q))));
            }
            // W = Q^T B (sample x cells), and W W^T = E diag(lambda) E^T: B ~ (Q E) (E^T W).
            double[][] w = transposeTimes(b, dim, cells, q);
            double[][] gram = new double[sample][sample];
            for (int i = 0; i < sample; i++) {
                for (int j = 0; j <= i; j++) {
                    gram[i][j] = gram[j][i] = dot(w[i], w[j]);
                }
            }
            SymmetricEigen eigen = SymmetricEigen.of(gram);
            int rank = 0;
            double kept = 0;
            double allowed = tolerance * tolerance * total;
            while (rank < Math.min(maxRank, sample) && total - kept > allowed && eigen.values[rank] > 0) {
                kept += eigen.values[rank];
                rank++;
            }
            double[][] left = new double[rank][dim];
            double[][] right = new double[rank][cells];
            for (int k = 0; k < rank; k++) {
                for (int i = 0; i < sample; i++) {
                    double e = eigen.vectors[i][k];
                    axpy(e, q[i], left[k]);
                    axpy(e, w[i], right[k]);
                }
            }
            return new Factor(left, right);
        }

        /** B X for X given as columns (each of length cells): columns of length dim. */
        private static double[][] times(float[] b, int dim, int cells, double[][] columns) {
            double[][] out = new double[columns.length][dim];
            for (int n = 0; n < columns.length; n++) {
                double[] in = columns[n];
                for (int x = 0; x < dim; x++) {
                    double sum = 0;
                    int row = x * cells;
                    for (int c = 0; c < cells; c++) {
                        sum += b[row + c] * in[c];
                    }
                    out[n][x] = sum;
                }
            }
            return out;
        }

        /** B^T X for X given as columns (each of length dim): columns of length cells. */
        private static double[][] transposeTimes(float[] b, int dim, int cells, double[][] columns) {
            double[][] out = new double[columns.length][cells];
            for (int n = 0; n < columns.length; n++) {
                double[] in = columns[n];
                double[] o = out[n];
                for (int x = 0; x < dim; x++) {
                    double v = in[x];
                    int row = x * cells;
                    for (int c = 0; c < cells; c++) {
                        o[c] += b[row + c] * v;
                    }
                }
            }
            return out;
        }

        /** Modified Gram-Schmidt, twice (enough for double precision); a dependent column becomes zero. */
        private static double[][] orthonormal(double[][] columns) {
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < columns.length; i++) {
                    for (int j = 0; j < i; j++) {
                        axpy(-dot(columns[i], columns[j]), columns[j], columns[i]);
                    }
                    double norm = Math.sqrt(dot(columns[i], columns[i]));
                    double scale = norm > 1e-12 ? 1 / norm : 0;
                    for (int x = 0; x < columns[i].length; x++) {
                        columns[i][x] *= scale;
                    }
                }
            }
            return columns;
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    /** Cyclic Jacobi eigendecomposition of a small symmetric matrix: values descending, vectors as columns. */
    private record SymmetricEigen(double[] values, double[][] vectors) {

        static SymmetricEigen of(double[][] matrix) {
            int n = matrix.length;
            double[][] a = new double[n][];
            for (int i = 0; i < n; i++) {
                a[i] = matrix[i].clone();
            }
            double[][] v = new double[n][n];
            for (int i = 0; i < n; i++) {
                v[i][i] = 1;
            }
            for (int sweep = 0; sweep < 100 && offDiagonal(a) > 1e-22 * diagonal(a); sweep++) {
                for (int p = 0; p < n; p++) {
                    for (int r = p + 1; r < n; r++) {
                        if (a[p][r] == 0) {
                            continue;
                        }
                        double theta = (a[r][r] - a[p][p]) / (2 * a[p][r]);
                        double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                        double c = 1 / Math.sqrt(t * t + 1);
                        double s = t * c;
                        for (int k = 0; k < n; k++) {
                            double akp = a[k][p];
                            double akr = a[k][r];
                            a[k][p] = c * akp - s * akr;
                            a[k][r] = s * akp + c * akr;
                        }
                        for (int k = 0; k < n; k++) {
                            double apk = a[p][k];
                            double ark = a[r][k];
                            a[p][k] = c * apk - s * ark;
                            a[r][k] = s * apk + c * ark;
                        }
                        for (int k = 0; k < n; k++) {
                            double vkp = v[k][p];
                            double vkr = v[k][r];
                            v[k][p] = c * vkp - s * vkr;
                            v[k][r] = s * vkp + c * vkr;
                        }
                    }
                }
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (i, j) -> Double.compare(a[j][j], a[i][i]));
            double[] values = new double[n];
            double[][] vectors = new double[n][n];
            for (int k = 0; k < n; k++) {
                values[k] = Math.max(0, a[order[k]][order[k]]);
                for (int i = 0; i < n; i++) {
                    vectors[i][k] = v[i][order[k]];
                }
            }
            return new SymmetricEigen(values, vectors);
        }

        private static double offDiagonal(double[][] a) {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a.length; j++) {
                    if (i != j) {
                        sum += a[i][j] * a[i][j];
                    }
                }
            }
            return sum;
        }

        private static double diagonal(double[][] a) {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += a[i][i] * a[i][i];
            }
            return sum;
        }
    }
}
