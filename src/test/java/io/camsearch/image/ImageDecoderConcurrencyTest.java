package io.camsearch.image;

import static io.camsearch.image.TestImages.DECODER;
import static io.camsearch.image.TestImages.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ImageDecoderConcurrencyTest {

    private static final String[] FIXTURES = {
        "orientation-6.jpg", "cmyk.jpg", "quadrants.webp", "quadrants-lossy.webp", "noise-40x30.png"};

    @Test
    void oneDecoderOnSeveralThreadsGivesWhatItGivesOnOne() throws Exception {
        List<int[]> expected = new ArrayList<>();
        for (String name : FIXTURES) {
            expected.add(pixels(DECODER.decode(fixture(name))));
        }
        List<Future<int[]>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (int round = 0; round < 20; round++) {
                for (String name : FIXTURES) {
                    results.add(threads.submit(() -> pixels(DECODER.decode(fixture(name)))));
                }
            }
        }

        for (int i = 0; i < results.size(); i++) {
            assertArrayEquals(expected.get(i % FIXTURES.length), results.get(i).get(), FIXTURES[i % FIXTURES.length]);
        }
    }

    private static int[] pixels(DecodedImage decoded) {
        return decoded.image().getRGB(0, 0, decoded.width(), decoded.height(), null, 0, decoded.width());
    }
}
