package io.camsearch.eval;

import io.camsearch.heatmap.HeatmapRenderer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.function.Function;

/**
 * A line plot for reports: localization accuracy against threshold, deletion curves, training
 * loss. Named series in a fixed palette, linear axes with ticks at round numbers that span all
 * the data, a legend right of the plot, a title on top; antialiased, white background.
 */
public record LinePlot(String title, String xLabel, String yLabel, List<Series> series) {

    public static final int DEFAULT_WIDTH = 640;
    public static final int DEFAULT_HEIGHT = 400;

    /** The colours of the series in order (matplotlib's tab10), repeating after ten. */
    static final int[] PALETTE_RGB = {
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    };

    /** Curves with more points than this are drawn as lines alone; markers would blur into them. */
    private static final int MAX_MARKED_POINTS = 30;

    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final int TICK_LENGTH = 5;
    private static final int LEGEND_LINE = 22;
    private static final int GAP = 8;

    public record Series(String name, Curve curve) {}

    /** @throws IllegalArgumentException when there is no series */
    public LinePlot {
        series = List.copyOf(series);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a plot needs at least one series");
        }
    }

    /** PNG bytes of {@link #DEFAULT_WIDTH} x {@link #DEFAULT_HEIGHT} pixels. */
    public byte[] png() {
        return png(DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    public byte[] png(int width, int height) {
        return HeatmapRenderer.png(render(width, height));
    }

    private BufferedImage render(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            draw(g, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void draw(Graphics2D g, int width, int height) {
        PlotAxis xAxis = axis(Curve::xs);
        PlotAxis yAxis = axis(Curve::ys);
        g.setFont(TEXT);
        FontMetrics text = g.getFontMetrics();
        int yTickLabelWidth = yAxis.ticks().stream().mapToInt(tick -> text.stringWidth(yAxis.label(tick))).max().orElse(0);
        int legendWidth = series.stream().mapToInt(s -> text.stringWidth(s.name())).max().orElse(0) + LEGEND_LINE + GAP;

        int left = GAP + text.getHeight() + GAP + yTickLabelWidth + TICK_LENGTH + GAP / 2;
        int right = width - 2 * GAP - legendWidth;
        int top = 2 * GAP + g.getFontMetrics(TITLE).getHeight();
        int bottom = height - (GAP + text.getHeight() + GAP / 2 + text.getHeight() + TICK_LENGTH);
        PlotArea area = new PlotArea(left, top, right, bottom, xAxis, yAxis);

        drawGridAndTicks(g, area, text);
        drawLabels(g, area, text, width);
        drawSeries(g, area);
        drawLegend(g, text, right + 2 * GAP, top);
    }

    private void drawGridAndTicks(Graphics2D g, PlotArea area, FontMetrics text) {
        g.setStroke(new BasicStroke(1));
        for (double tick : area.xAxis.ticks()) {
            int x = (int) Math.round(area.x(tick));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(x, area.top, x, area.bottom);
            g.setColor(Color.BLACK);
            g.drawLine(x, area.bottom, x, area.bottom + TICK_LENGTH);
            String label = area.xAxis.label(tick);
            g.drawString(label, x - text.stringWidth(label) / 2, area.bottom + TICK_LENGTH + text.getAscent());
        }
        for (double tick : area.yAxis.ticks()) {
            int y = (int) Math.round(area.y(tick));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(area.left, y, area.right, y);
            g.setColor(Color.BLACK);
            g.drawLine(area.left - TICK_LENGTH, y, area.left, y);
            String label = area.yAxis.label(tick);
            g.drawString(label, area.left - TICK_LENGTH - GAP / 2 - text.stringWidth(label),
                    y + text.getAscent() / 2 - 1);
        }
        g.drawRect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    }

    private void drawLabels(Graphics2D g, PlotArea area, FontMetrics text, int width) {
        g.setColor(Color.BLACK);
        int plotMiddle = (area.left + area.right) / 2;
        g.drawString(xLabel, plotMiddle - text.stringWidth(xLabel) / 2,
                area.bottom + TICK_LENGTH + text.getHeight() + GAP / 2 + text.getAscent());

        AffineTransform unrotated = g.getTransform();
        g.rotate(-Math.PI / 2);
        // Rotated a quarter turn back, drawing at (-y, x) puts text at (x, y), reading upwards.
        g.drawString(yLabel, -((area.top + area.bottom) / 2 + text.stringWidth(yLabel) / 2), GAP + text.getAscent());
        g.setTransform(unrotated);

        g.setFont(TITLE);
        FontMetrics titleMetrics = g.getFontMetrics();
        g.drawString(title, width / 2 - titleMetrics.stringWidth(title) / 2, GAP + titleMetrics.getAscent());
        g.setFont(TEXT);
    }

    private void drawSeries(Graphics2D g, PlotArea area) {
        g.setStroke(new BasicStroke(2, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int s = 0; s < series.size(); s++) {
            Curve curve = series.get(s).curve();
            g.setColor(colour(s));
            Path2D.Double line = new Path2D.Double();
            line.moveTo(area.x(curve.x(0)), area.y(curve.y(0)));
            for (int i = 1; i < curve.size(); i++) {
                line.lineTo(area.x(curve.x(i)), area.y(curve.y(i)));
            }
            g.draw(line);
            if (curve.size() <= MAX_MARKED_POINTS) {
                for (int i = 0; i < curve.size(); i++) {
                    g.fill(new Ellipse2D.Double(area.x(curve.x(i)) - 3, area.y(curve.y(i)) - 3, 6, 6));
                }
            }
        }
    }

    private void drawLegend(Graphics2D g, FontMetrics text, int left, int top) {
        g.setStroke(new BasicStroke(3));
        for (int s = 0; s < series.size(); s++) {
            int baseline = top + text.getAscent() + s * (text.getHeight() + GAP / 2);
            int lineY = baseline - text.getAscent() / 2 + 1;
            g.setColor(colour(s));
            g.drawLine(left, lineY, left + LEGEND_LINE - GAP / 2, lineY);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s).name(), left + LEGEND_LINE, baseline);
        }
    }

    private static Color colour(int series) {
        return new Color(PALETTE_RGB[series % PALETTE_RGB.length]);
    }

    /** An axis over one coordinate of every point of every series. */
    private PlotAxis axis(Function<Curve, double[]> coordinate) {
        DoubleSummaryStatistics range = series.stream()
                .flatMapToDouble(s -> Arrays.stream(coordinate.apply(s.curve())))
                .summaryStatistics();
        return PlotAxis.spanning(range.getMin(), range.getMax());
    }

    /** The plot's frame in pixels (y grows downwards) and the axes that map data into it. */
    private record PlotArea(int left, int top, int right, int bottom, PlotAxis xAxis, PlotAxis yAxis) {
        double x(double value) {
            return left + xAxis.fraction(value) * (right - left);
        }

        double y(double value) {
            return bottom - yAxis.fraction(value) * (bottom - top);
        }
    }
}
