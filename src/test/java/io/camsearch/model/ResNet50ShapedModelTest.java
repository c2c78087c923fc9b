package io.camsearch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's production-sized model, by name: the same weights in every process that opens it. */
class ResNet50ShapedModelTest {

    @Test
    void opensTheResNet50ShapedNetworkWithTheSameWeightsEachTime() throws Exception {
        try (EmbeddingModel model = Models.open(Models.RESNET50_SHAPED)) {
            ModelDescriptor d = model.descriptor();
            assertEquals(List.of("resnet50-shaped-random", 224, 512, 2048, 7), List.of(d.name(), d.inputWidth(), d.embeddingDim(), d.channels(), d.featureWidth()));
        }
        // Each hash opens the network anew and hashes its parameters.
        String weights = Models.weightsSha256(Models.RESNET50_SHAPED);
        assertEquals(weights, Models.weightsSha256(Models.RESNET50_SHAPED), "the same seed gives the same weights");
        assertNotEquals(Models.weightsSha256(Models.DEMO), weights);
    }
}
