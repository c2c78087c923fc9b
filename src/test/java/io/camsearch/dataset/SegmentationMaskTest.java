package io.camsearch.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.camsearch.cam.Grid;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationMaskTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedMaskReadsAsZerosAndOnesWithTheSameForeground() throws IOException {
        SyntheticCatalog catalog = new SyntheticCatalog(new CatalogSpec(2, 2, 1, 64));
        catalog.writeTo(dir, 1, line -> { });
        Path file = dir.resolve("segmentations/001.red_circle_solid/red_circle_solid_0001.png");
        BufferedImage written = ImageIO.read(file.toFile());

        SegmentationMask mask = SegmentationMask.read(file);

        boolean[] foreground = mask.foreground(64, 64);
        int count = 0;
        for (int i = 0; i < foreground.length; i++) {
            int sample = written.getRaster().getSample(i % 64, i / 64, 0);
            assertEquals(sample == 255, foreground[i]);
            assertEquals(sample / 255f, mask.coverage().values()[i]);
            count += foreground[i] ? 1 : 0;
        }
        assertEquals(true, count > 100, count + " foreground pixels");
    }

    @Test
    void softGreyValuesSplitAtHalfOnTheRawSamples() throws IOException {
        // getRGB would lift grey 100 to about 170 through the grey colour space's gamma.
        Path file = greyMask(new int[] {0, 100, 127, 128, 200, 255}, 6, 1);

        SegmentationMask mask = SegmentationMask.read(file);

        assertArrayEquals(new boolean[] {false, false, false, true, true, true}, mask.foreground(6, 1));
        assertEquals(100 / 255f, mask.coverage().get(0, 1));
    }

    @Test
    void resizingUsesHalfPixelCentres() throws IOException {
        // Left half on: columns 0 and 1 of 4.
        Path file = greyMask(new int[] {255, 255, 0, 0}, 4, 1);
        SegmentationMask mask = SegmentationMask.read(file);

        // Output column o samples input column o/2 - 0.25: columns 0..3 read 1, 1, 1, 0.75; 4 reads 0.25.
        assertArrayEquals(new boolean[] {true, true, true, true, false, false, false, false}, mask.foreground(8, 1));
        assertEquals(new Grid(1, 8, new float[] {1, 1, 1, 0.75f, 0.25f, 0, 0, 0}), mask.coverage(8, 1));
        assertArrayEquals(new boolean[] {true, false}, mask.foreground(2, 1));
    }

    @Test
    void readsSixteenBitAndOneBitPaletteMasks() throws IOException {
        BufferedImage sixteen = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        sixteen.getRaster().setSample(0, 0, 0, 65535);
        Path sixteenFile = dir.resolve("sixteen.png");
        ImageIO.write(sixteen, "png", sixteenFile.toFile());
        BufferedImage binary = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY);
        binary.getRaster().setSample(1, 0, 0, 1);
        Path binaryFile = dir.resolve("binary.png");
        ImageIO.write(binary, "png", binaryFile.toFile());

        assertArrayEquals(new boolean[] {true, false}, SegmentationMask.read(sixteenFile).foreground(2, 1));
        assertArrayEquals(new boolean[] {false, true}, SegmentationMask.read(binaryFile).foreground(2, 1));
    }

    private Path greyMask(int[] samples, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int i = 0; i < samples.length; i++) {
            raster.setSample(i % width, i / width, 0, samples[i]);
        }
        Path file = dir.resolve("grey-" + width + "x" + height + ".png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
