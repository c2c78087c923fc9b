package io.camsearch.heatmap;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.ScoreRegions;
import java.util.List;
import java.util.Optional;

/**
 * One heatmap, from the feature grid to what a person sees, the one form every user of a heatmap
 * reads (the search's JSON, its images, the explain command): its {@link HeatmapToken} (the
 * heatmap ReLU(S) normalized to [0, 1] on the feature grid, quantized; the size of the image it
 * explains; the localized box in that image's pixels), the form its images are drawn from, and its
 * peak before normalizing (comparable across the hits of one query). Pixels are made only when a
 * picture is asked for ({@link HeatmapRenderer}), from this very box.
 *
 * <p>Besides, what a shop can show as boxes: the map's sum ({@code score}; {@code y . p - b . p} for
 * a pool -> linear head, the linearized score for others, see {@link ScoreRegions}) and its top
 * {@link #MAX_REGIONS} positive regions, each with its box in the image's pixels and its share of
 * that sum. No regions when the sum is not positive: a share of it would mean nothing.
 *
 * <p>And its {@link Counterfactual}: the same form for ReLU(-S), the regions that argue against
 * the proxy (the derivation is in package {@code io.camsearch.cam}).
 */
public record Heatmap(HeatmapToken token, double peak, double score, List<Region> regions, Counterfactual counterfactual) {

    /** The most regions a heatmap keeps: beyond a handful, boxes stop explaining and start cluttering. */
    public static final int MAX_REGIONS = 10;

    /**
     * A region of the signed map that raises the score: its box in the image's pixels and the sum of
     * the map over its cells divided by the map's whole sum.
     */
    public record Region(Box box, double share) {}

    /**
     * The counterfactual map ReLU(-S), "what differs": its token (normalized to [0, 1] on the
     * feature grid, quantized, with its box in the image's pixels, localized as the heatmap's) and
     * its peak before normalizing. S's negative cells are its positive ones, so the two maps never
     * both exceed zero on one cell.
     */
    public record Counterfactual(HeatmapToken token, double peak) {

        /** ReLU(-S) normalized to [0, 1] on the feature grid. */
        public Grid normalized() {
            return token.map();
        }

        /** The largest region above the threshold in the image's pixels; empty when no cell argues against the proxy. */
        public Optional<Box> box() {
            return token.box();
        }
    }

    public Heatmap {
        regions = List.copyOf(regions);
        assert counterfactual.token().map().height() == token.map().height() && counterfactual.token().map().width() == token.map().width()
                : "a counterfactual on another grid than its heatmap's";
        assert regions.size() <= MAX_REGIONS : regions.size() + " regions, at most " + MAX_REGIONS;
    }

    /**
     * The box is localized on the map upsampled to at most this many pixels a side and scaled to
     * the image: a 12 x 12 grid holds no detail finer than a cell, and at 64 pixels a side a box edge
     * lands within {@code imageSide / 64} pixels of where the full-resolution map puts it, well
     * inside a cell ({@code imageSide / 12}), for 4096 cells of connected components instead of a
     * megapixel's per heatmap (HeatmapTest measures the agreement on the demo catalog).
     */
    public static final int LOCALIZATION_SIDE = 64;

    public static Heatmap of(Grid signedMap, int imageWidth, int imageHeight, double threshold) {
        double score = signedMap.sum();
        Grid against = signedMap.negated();
        return new Heatmap(HeatmapToken.of(signedMap, imageWidth, imageHeight, threshold), signedMap.relu().max(), score,
                regions(signedMap, score, imageWidth, imageHeight),
                new Counterfactual(HeatmapToken.of(against, imageWidth, imageHeight, threshold), against.relu().max()));
    }

    /** The top regions of S with boxes scaled from grid cells to the image and shares of {@code score}; none unless it is positive. */
    public static List<Region> regions(Grid signedMap, double score, int imageWidth, int imageHeight) {
        if (!(score > 0)) {
            return List.of();
        }
        return ScoreRegions.of(signedMap).stream().limit(MAX_REGIONS)
                .map(r -> new Region(scale(r.box(), signedMap.width(), signedMap.height(), imageWidth, imageHeight), r.sum() / score))
                .toList();
    }

    /** ReLU(S) normalized to [0, 1] on the feature grid. */
    public Grid normalized() {
        return token.map();
    }

    /** The localized box in the pixels of the image the heatmap explains; empty when nothing supports the proxy. */
    public Optional<Box> box() {
        return token.box();
    }

    /**
     * The box of a [0, 1] map over an image of the given size: the largest region above
     * {@code threshold} x max, in its pixels, localized on the map upsampled to at most
     * {@link #LOCALIZATION_SIDE} pixels a side (but never fewer than the grid's cells along a side
     * the image has room for, so a long thin image keeps its grid's detail across).
     */
    public static Optional<Box> localize(Grid map, int imageWidth, int imageHeight, double threshold) {
        double scale = Math.min(1.0, (double) LOCALIZATION_SIDE / Math.max(imageWidth, imageHeight));
        int width = Math.max(Math.min(imageWidth, map.width()), (int) Math.round(imageWidth * scale));
        int height = Math.max(Math.min(imageHeight, map.height()), (int) Math.round(imageHeight * scale));
        Optional<Box> box = new Localizer(threshold).localize(map.upsampleBilinear(height, width));
        return box.map(b -> width == imageWidth && height == imageHeight ? b : scale(b, width, height, imageWidth, imageHeight));
    }

    /** A box in the pixels of a {@code fromWidth x fromHeight} image, in those of the same image drawn at {@code toWidth x toHeight}. */
    public static Box scale(Box b, int fromWidth, int fromHeight, int toWidth, int toHeight) {
        double sx = toWidth / (double) fromWidth;
        double sy = toHeight / (double) fromHeight;
        int x = Math.min(toWidth - 1, (int) Math.floor(b.x() * sx));
        int y = Math.min(toHeight - 1, (int) Math.floor(b.y() * sy));
        int right = Math.min(toWidth, (int) Math.ceil(b.right() * sx));
        int bottom = Math.min(toHeight, (int) Math.ceil(b.bottom() * sy));
        return new Box(x, y, Math.max(1, right - x), Math.max(1, bottom - y));
    }
}
