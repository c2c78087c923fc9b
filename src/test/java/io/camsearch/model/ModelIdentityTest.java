package io.camsearch.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.model.nets.DemoNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelIdentityTest {

    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);

    @Test
    void theDemoWeightsHashIsTheSha256OfTheMirrorViewsTagAndTheirParameterBytesUnderEitherName(@TempDir Path dir) throws Exception {
        byte[] params;
        try (InputStream in = Models.class.getResourceAsStream(Models.DemoWeights.RESOURCE)) {
            params = in.readAllBytes();
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        // Written out, not read from MirrorViews: a change of the tag renames every demo topic and must fail here.
        sha256.update("camsearch views: image and mirror image, feature maps averaged\n".getBytes(StandardCharsets.UTF_8));
        String expected = HexFormat.of().formatHex(sha256.digest(params));
        assertEquals(expected, Models.weightsSha256(Models.DEMO));
        assertNotEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(params)), expected,
                "not the weights' identity with one view: those vectors differ");
        Path copy = Files.write(dir.resolve("retrained.params"), params);
        assertEquals(expected, Models.weightsSha256(copy.toString()), "the same bytes as a .params file");
        params[params.length / 2] ^= 1;
        Files.write(copy, params);
        assertNotEquals(expected, Models.weightsSha256(copy.toString()), "one bit of the weights changed");
    }

    @Test
    void aBundlesHashCoversEveryFileAndWhereItsBytesEnd(@TempDir Path dir) throws Exception {
        Path bundle = bundle(dir.resolve("b1"), "{}", "ab", "c");
        String original = Models.weightsSha256(bundle.toString());
        assertEquals(original, Models.weightsSha256(bundle(dir.resolve("b2"), "{}", "ab", "c").toString()), "same files, same hash");
        assertNotEquals(original, Models.weightsSha256(bundle(dir.resolve("b3"), "{ }", "ab", "c").toString()), "the descriptor changed");
        assertNotEquals(original, Models.weightsSha256(bundle(dir.resolve("b4"), "{}", "aB", "c").toString()), "the backbone changed");
        assertNotEquals(original, Models.weightsSha256(bundle(dir.resolve("b5"), "{}", "ab", "C").toString()), "the head changed");
        assertNotEquals(original, Models.weightsSha256(bundle(dir.resolve("b6"), "{}", "a", "bc").toString()), "a byte moved from backbone to head");
    }

    @Test
    void aBundleWithoutItsHeadHasNoHash(@TempDir Path dir) throws Exception {
        Path bundle = bundle(dir.resolve("b"), "{}", "ab", "c");
        Files.delete(bundle.resolve("head.pt"));
        var error = assertThrows(IllegalArgumentException.class, () -> Models.weightsSha256(bundle.toString()));
        assertEquals("bundle " + bundle + " has no head.pt", error.getMessage());
    }

    @Test
    void theIdIsTheNameAndTheFirst12HexDigitsOfTheWeightsHash() throws IOException {
        ModelIdentity demo = ModelIdentity.of(DemoNetwork.descriptor(HeadKind.GAP_LINEAR), Models.weightsSha256(Models.DEMO));
        assertEquals("camsearch-demo." + Models.weightsSha256(Models.DEMO).substring(0, 12), demo.id());
        assertEquals(128, demo.embeddingDim());
        assertEquals(demo, ModelIdentity.of(demo.name(), demo.weightsSha256Bytes(), demo.embeddingDim()), "raw hash bytes round trip");
    }

    @Test
    void theSameModelIsAccepted() {
        ModelIdentity running = new ModelIdentity("camsearch-demo", SHA_A, 128);
        assertDoesNotThrow(() -> running.requireSame(new ModelIdentity("camsearch-demo", SHA_A, 128), "index /data/index"));
    }

    @Test
    void anotherModelIsRefusedNamingWhereItWasFoundAndEveryDifference() {
        ModelIdentity running = new ModelIdentity("camsearch-demo", SHA_A, 128);
        var retrained = assertThrows(ModelMismatchException.class,
                () -> running.requireSame(new ModelIdentity("camsearch-demo", SHA_B, 128), "index /data/index"));
        assertEquals("index /data/index holds vectors of model 'camsearch-demo' (weights sha256 bbbbbbbbbbbb..., embedding size 128), "
                + "but this searcher runs model 'camsearch-demo' (weights sha256 aaaaaaaaaaaa..., embedding size 128) (weights differ). "
                + "Vectors of two models cannot share an index: give each model its own embeddings topic and index directory, "
                + "or run the model that wrote them", retrained.getMessage());
        var other = assertThrows(ModelMismatchException.class,
                () -> running.requireSame(new ModelIdentity("resnet50", SHA_B, 2048), "topic t, partition 3, offset 17"));
        assertTrue(other.getMessage().startsWith("topic t, partition 3, offset 17 holds vectors of model 'resnet50'"), other.getMessage());
        assertTrue(other.getMessage().contains("(name, weights, embedding size differ)"), other.getMessage());
        var size = assertThrows(ModelMismatchException.class,
                () -> running.requireSame(new ModelIdentity("camsearch-demo", SHA_A, 64), "index i"));
        assertTrue(size.getMessage().contains("(embedding size differ)"), size.getMessage());
    }

    @Test
    void anIdentityNeedsAFullLowercaseSha256() {
        var shortHash = assertThrows(IllegalArgumentException.class, () -> new ModelIdentity("m", "abc", 8));
        assertEquals("the weights hash of model 'm' must be 64 lowercase hex digits (SHA-256), got 3 characters", shortHash.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelIdentity("m", "A".repeat(64), 8));
        assertThrows(IllegalArgumentException.class, () -> new ModelIdentity(" ", SHA_A, 8));
        assertThrows(IllegalArgumentException.class, () -> new ModelIdentity("m", SHA_A, 0));
    }

    @Test
    void anIdentityComesBackFromItsPropertiesAndPropertiesWithoutOneAreNoIdentity() {
        ModelIdentity demo = new ModelIdentity("camsearch-demo", SHA_A, 128);
        assertEquals(Map.of("model.name", "camsearch-demo", "model.weights-sha256", SHA_A, "model.embedding-dim", "128"), demo.asProperties());
        Map<String, String> commitData = new HashMap<>(demo.asProperties());
        commitData.put("catalog-images-0", "17"); // an index's offsets beside it
        assertEquals(Optional.of(demo), ModelIdentity.fromProperties(commitData, "index /data/index"));
        assertEquals(Optional.empty(), ModelIdentity.fromProperties(Map.of("catalog-images-0", "17"), "index /data/index"));
    }

    @Test
    void incompleteOrMalformedIdentityPropertiesAreAnErrorNamingTheKey() {
        var missing = assertThrows(IllegalArgumentException.class,
                () -> ModelIdentity.fromProperties(Map.of("model.name", "camsearch-demo"), "index /data/index"));
        assertEquals("index /data/index names its model incompletely: model.weights-sha256, model.embedding-dim missing", missing.getMessage());
        Map<String, String> badDim = new HashMap<>(new ModelIdentity("m", SHA_A, 8).asProperties());
        badDim.put("model.embedding-dim", "eight");
        var dim = assertThrows(IllegalArgumentException.class, () -> ModelIdentity.fromProperties(badDim, "index i"));
        assertEquals("index i: model.embedding-dim is not an integer", dim.getMessage());
        Map<String, String> badHash = new HashMap<>(new ModelIdentity("m", SHA_A, 8).asProperties());
        badHash.put("model.weights-sha256", "abc");
        var hash = assertThrows(IllegalArgumentException.class, () -> ModelIdentity.fromProperties(badHash, "index i"));
        assertEquals("index i: the weights hash of model 'm' must be 64 lowercase hex digits (SHA-256), got 3 characters", hash.getMessage());
    }

    private static Path bundle(Path dir, String manifest, String backbone, String head) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model.json"), manifest);
        Files.writeString(dir.resolve("backbone.pt"), backbone);
        Files.writeString(dir.resolve("head.pt"), head);
        return dir;
    }
}
