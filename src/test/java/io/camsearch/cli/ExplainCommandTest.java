package io.camsearch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Proxy;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.CamOptions;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.model.TorchScriptBundle;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.support.BoxOutlines;
import io.camsearch.support.CounterfactualMaps;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explain command as a script runs it: arguments in, exit code, JSON and PNG files out. */
class ExplainCommandTest {

    private static final String BUNDLE = "src/test/resources/bundles/tiny-mlp";

    @TempDir
    static Path dir;
    static Path query;
    static Path other;

    @BeforeAll
    static void pictures() throws IOException {
        query = picture("query.png", Color.RED, 150, 100);
        other = picture("other.png", Color.BLUE, 90, 120);
    }

    @Test
    void writesTheCoreLibrarysHeatmapBoxAndPngs() throws Exception {
        Path out = dir.resolve("out");
        Path json = dir.resolve("explain.json");
        CliRun result = run("explain", "--model", BUNDLE, "--image", query.toString(), "--proxy-image", other.toString(),
                "--out", out.toString(), "--json", json.toString());
        assertEquals(0, result.exitCode(), result.err());

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(150, report.get("imageWidth").intValue());
        assertEquals(100, report.get("imageHeight").intValue());
        assertEquals(8, report.get("gridHeight").intValue());
        assertEquals(8, report.get("heatmap").size());

        // The same images through the library directly.
        try (BlockEmbeddingModel model = TorchScriptBundle.load(Path.of(BUNDLE))) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            AnalyzedImage image = explainer.analyze(Files.readAllBytes(query));
            Proxy p = Proxy.singlePoint(explainer.analyze(Files.readAllBytes(other)).features().embedding());
            Grid signed = explainer.signedMap(image, p, CamOptions.DEFAULT);
            Heatmap expected = explainer.explain(image, p, CamOptions.DEFAULT);
            for (int y = 0; y < 8; y++) {
                float[] row = new float[8];
                for (int x = 0; x < 8; x++) {
                    row[x] = report.get("heatmap").get(y).get(x).floatValue();
                }
                float[] expectedRow = new float[8];
                for (int x = 0; x < 8; x++) {
                    expectedRow[x] = signed.relu().get(y, x);
                }
                assertArrayEquals(expectedRow, row, 1e-6f);
            }
            var box = expected.box().orElseThrow();
            assertEquals(box.x(), report.get("box").get("x").intValue());
            assertEquals(box.y(), report.get("box").get("y").intValue());
            assertEquals(box.width(), report.get("box").get("width").intValue());
            assertEquals(box.height(), report.get("box").get("height").intValue());
            double signedSum = 0;
            for (JsonNode row : report.get("signedMap")) {
                for (JsonNode cell : row) {
                    signedSum += cell.doubleValue();
                }
            }
            assertEquals(signed.sum(), signedSum, 1e-4 * Math.max(1, Math.abs(signedSum)));
            assertEquals(expected.score(), report.get("mapSum").doubleValue(), 1e-9, "the signed map's sum");
            assertEquals(expected.regions().size(), report.get("regions").size(), "the score regions");
            for (int r = 0; r < expected.regions().size(); r++) {
                JsonNode region = report.get("regions").get(r);
                assertEquals(expected.regions().get(r).share(), region.get("share").doubleValue(), 1e-12);
                assertEquals(expected.regions().get(r).box(), new Box(region.get("box").get("x").intValue(), region.get("box").get("y").intValue(),
                        region.get("box").get("width").intValue(), region.get("box").get("height").intValue()));
            }
            // The counterfactual: ReLU(-S) computed by hand from the library's S, and its box as the library localizes it.
            double[] against = CounterfactualMaps.relu(signed);
            for (int cell = 0; cell < against.length; cell++) {
                assertEquals(against[cell], report.get("counterfactual").get(cell / 8).get(cell % 8).doubleValue(), 1e-6, "counterfactual cell " + cell);
            }
            assertEquals(expected.counterfactual().box().map(b -> List.of(b.x(), b.y(), b.width(), b.height())).orElse(null),
                    report.get("counterfactualBox").isNull() ? null : List.of(report.get("counterfactualBox").get("x").intValue(),
                            report.get("counterfactualBox").get("y").intValue(), report.get("counterfactualBox").get("width").intValue(),
                            report.get("counterfactualBox").get("height").intValue()));
            assertEquals(150, ImageIO.read(out.resolve("counterfactual-overlay.png").toFile()).getWidth());

            BufferedImage overlay = ImageIO.read(out.resolve("overlay.png").toFile());
            assertEquals(150, overlay.getWidth());
            assertEquals(100, overlay.getHeight());
            // The overlay outlines the very box the JSON reports.
            BoxOutlines.assertOutlined(overlay, new Box(report.get("box").get("x").intValue(), report.get("box").get("y").intValue(),
                    report.get("box").get("width").intValue(), report.get("box").get("height").intValue()));
            BufferedImage heatmap = ImageIO.read(out.resolve("heatmap.png").toFile());
            assertEquals(150, heatmap.getWidth());
            // 16-bit grayscale: sample / 65535 is the normalized map.
            float mapValue = expected.normalized().upsampleBilinear(100, 150).get(50, 75);
            assertEquals(mapValue, heatmap.getRaster().getSample(75, 50, 0) / 65535f, 1e-4);
        }
    }

    @Test
    void guidedGradCamIsWrittenForTheDemoModelAndRefusedWithTheReasonForABundle() throws Exception {
        Path out = dir.resolve("guided");
        CliRun demo = run("explain", "--model", "demo", "--image", query.toString(), "--proxy-image", other.toString(),
                "--out", out.toString(), "--guided", "--json", dir.resolve("guided.json").toString());
        assertEquals(0, demo.exitCode(), demo.err());
        BufferedImage guided = ImageIO.read(out.resolve("guided-gradcam.png").toFile());
        assertEquals(96, guided.getWidth(), "at the demo model's input size");
        assertTrue(new ObjectMapper().readTree(dir.resolve("guided.json").toFile()).get("files").has("guidedGradCam"));

        CliRun bundle = run("explain", "--model", BUNDLE, "--image", query.toString(), "--proxy-image", other.toString(),
                "--out", dir.resolve("refused").toString(), "--guided");
        assertEquals(1, bundle.exitCode());
        assertTrue(bundle.err().contains("TorchScript bundle"), bundle.err());
        assertTrue(!Files.exists(dir.resolve("refused").resolve("overlay.png")), "refused before any work");

        CliRun noOut = run("explain", "--model", "demo", "--image", query.toString(), "--proxy-image", other.toString(), "--guided");
        assertEquals(1, noOut.exitCode());
        assertTrue(noOut.err().contains("--guided") && noOut.err().contains("--out"), noOut.err());
    }

    @Test
    void anEmbeddingFileIsASinglePointProxyAndItsLengthIsChecked() throws Exception {
        Path embedding = dir.resolve("p.txt");
        Files.writeString(embedding, "[0.1, -0.2, 0.3, 0.4, 0.5, -0.6]");
        CliRun ok = run("explain", "--model", BUNDLE, "--image", query.toString(), "--proxy-embedding", embedding.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("\"heatmap\""), ok.out());

        Files.writeString(embedding, "0.1 0.2 0.3");
        CliRun wrongLength = run("explain", "--model", BUNDLE, "--image", query.toString(), "--proxy-embedding", embedding.toString());
        assertEquals(1, wrongLength.exitCode());
        assertTrue(wrongLength.err().contains("has 3 values") && wrongLength.err().contains("embeds into 6"), wrongLength.err());

        Files.writeString(embedding, "0.1 abc 0.3");
        CliRun notANumber = run("explain", "--model", BUNDLE, "--image", query.toString(), "--proxy-embedding", embedding.toString());
        assertEquals(1, notANumber.exitCode());
        assertTrue(notANumber.err().contains("value 2 ('abc') is not a number"), notANumber.err());
    }

    @Test
    void badInputsExitNonZeroAndSayWhatWasWrong() throws Exception {
        Path corrupt = dir.resolve("corrupt.jpg");
        Files.write(corrupt, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x01, 0x02});
        CliRun badImage = run("explain", "--model", BUNDLE, "--image", corrupt.toString(), "--proxy-image", other.toString());
        assertEquals(1, badImage.exitCode());
        assertTrue(badImage.err().contains("image " + corrupt) && badImage.err().contains("rejected"), badImage.err());

        CliRun missing = run("explain", "--model", BUNDLE, "--image", dir.resolve("nope.png").toString(), "--proxy-image", other.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());

        CliRun noProxy = run("explain", "--model", BUNDLE, "--image", query.toString());
        assertEquals(2, noProxy.exitCode());

        CliRun badThreshold = run("explain", "--model", BUNDLE, "--image", query.toString(), "--proxy-image", other.toString(), "--threshold", "1.5");
        assertEquals(1, badThreshold.exitCode());
        assertTrue(badThreshold.err().contains("threshold must be in (0, 1]"), badThreshold.err());

        CliRun badModel = run("explain", "--model", dir.resolve("no-such-bundle").toString(), "--image", query.toString(), "--proxy-image", other.toString());
        assertEquals(1, badModel.exitCode());
        assertTrue(badModel.err().contains("neither 'demo' nor an existing bundle directory"), badModel.err());
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Path picture(String name, Color color, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(0, 0, width, height);
        g.setColor(color);
        g.fillOval(width / 4, height / 4, width / 3, height / 3);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
