package io.camsearch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.EmbeddingCam;
import io.camsearch.model.nets.DemoNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterFilesTest {

    @Test
    void aSavedNetworkLoadsIntoAFreshOneWithIdenticalEmbeddings() throws IOException {
        float[] input = new float[3 * DemoNetwork.INPUT * DemoNetwork.INPUT];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i * 0.01);
        }
        try (BlockEmbeddingModel original = DemoNetwork.createSeeded(HeadKind.GAP_LINEAR, 5);
                BlockEmbeddingModel other = DemoNetwork.createSeeded(HeadKind.GAP_LINEAR, 6)) {
            float[] expected = new EmbeddingCam(original).embed(List.of(input))[0];
            assertTrue(!Arrays.equals(expected, new EmbeddingCam(other).embed(List.of(input))[0]), "different seeds differ");

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ParameterFiles.write(original, bytes);
            try (BlockEmbeddingModel loaded = ParameterFiles.read(other, new ByteArrayInputStream(bytes.toByteArray()))) {
                assertArrayEquals(expected, new EmbeddingCam(loaded).embed(List.of(input))[0], 0f);
            }
        }
    }

    @Test
    void aTruncatedFileIsAnError() throws IOException {
        try (BlockEmbeddingModel original = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ParameterFiles.write(original, bytes);
            byte[] half = Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
            assertThrows(IOException.class, () -> ParameterFiles.read(DemoNetwork.create(HeadKind.GAP_LINEAR), new ByteArrayInputStream(half)));
        }
    }

    @Test
    void theShippedDemoWeightsLoad() throws IOException {
        try (EmbeddingModel demo = Models.open(Models.DEMO)) {
            assertTrue(demo.descriptor().name().equals(DemoNetwork.NAME));
        }
    }
}
