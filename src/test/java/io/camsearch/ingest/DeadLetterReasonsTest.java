package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.camsearch.image.ImageRejectedException;
import io.camsearch.source.SourceException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter reasons are a wire format: the {@code dead-letter-reason} header and the
 * {@code reason} tag of the DLQ metric. Whoever replays or alerts on dead letters reads these exact
 * names, so every reason a rejected event can carry is pinned here, whichever package it arose in.
 */
class DeadLetterReasonsTest {

    @Test
    void everyDeadLetterReasonKeepsItsName() {
        Set<String> all = new TreeSet<>(ingestReasons());
        all.addAll(imageReasons().values());
        all.addAll(sourceReasons().values());
        assertEquals(new TreeSet<>(Set.of("MALFORMED_JSON", "MISSING_ID", "BAD_ID", "ID_MISMATCH", "MISSING_IMAGE", "BAD_METADATA",
                "BAD_BASE64", "URL_NOT_ALLOWED", "URL_UNREACHABLE", "IMAGE_TOO_LARGE", "IMAGE_TOO_MANY_PIXELS", "IMAGE_EMPTY",
                "IMAGE_UNSUPPORTED_FORMAT", "IMAGE_CORRUPT", "EMBEDDING_INVALID", "ENVELOPE_TOO_LARGE")), all);
    }

    @Test
    void anImageTheDecoderRejectedIsDeadLetteredUnderTheImagesReason() {
        assertEquals(Map.of(
                "EMPTY", "IMAGE_EMPTY",
                "TOO_MANY_BYTES", "IMAGE_TOO_LARGE",
                "TOO_MANY_PIXELS", "IMAGE_TOO_MANY_PIXELS",
                "UNSUPPORTED_FORMAT", "IMAGE_UNSUPPORTED_FORMAT",
                "CORRUPT", "IMAGE_CORRUPT"), imageReasons());
    }

    @Test
    void anImageThatCouldNotBeHadIsDeadLetteredUnderTheSourcesReason() {
        assertEquals(Map.of(
                "MISSING", "MISSING_IMAGE",
                "BAD_BASE64", "BAD_BASE64",
                "NOT_ALLOWED", "URL_NOT_ALLOWED",
                "UNFETCHABLE", "URL_UNREACHABLE",
                "TOO_LARGE", "IMAGE_TOO_LARGE",
                "BUSY", "URL_UNREACHABLE"), sourceReasons());
    }

    /** The reasons that arise in ingestion itself: the event's format, and an embedding that cannot be searched. */
    private static Set<String> ingestReasons() {
        return new TreeSet<>(Arrays.stream(RejectReason.values()).map(Enum::name).toList());
    }

    private static Map<String, String> imageReasons() {
        return byName(ImageRejectedException.Reason.values(), r -> EventRejectedException.of(new ImageRejectedException(r, "m"), "the image").reason());
    }

    private static Map<String, String> sourceReasons() {
        return byName(SourceException.Reason.values(), r -> EventRejectedException.of(new SourceException(r, "m")).reason());
    }

    private static <R extends Enum<R>> Map<String, String> byName(R[] reasons, Function<R, String> deadLetterReason) {
        Map<String, String> names = new TreeMap<>();
        for (R reason : reasons) {
            names.put(reason.name(), deadLetterReason.apply(reason));
        }
        return names;
    }
}
