package io.camsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.camsearch.consistency.WritesNotVisibleException;
import io.camsearch.image.ImageRejectedException;
import io.camsearch.source.SourceException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The API's error codes for a query image are a wire format (clients branch on them), and they
 * are the names ingestion's dead letters use for the same reasons: pinned here, with their status,
 * for every reason the image decoder and the image sources give.
 */
class ClientErrorCodesTest {

    @Test
    void anImageTheDecoderRejectedHasItsCodeAndStatus() {
        assertEquals(Map.of(
                "EMPTY", "400 IMAGE_EMPTY",
                "TOO_MANY_BYTES", "413 IMAGE_TOO_LARGE",
                "TOO_MANY_PIXELS", "413 IMAGE_TOO_MANY_PIXELS",
                "UNSUPPORTED_FORMAT", "415 IMAGE_UNSUPPORTED_FORMAT",
                "CORRUPT", "400 IMAGE_CORRUPT"),
                byName(ImageRejectedException.Reason.values(), r -> ClientError.of(new ImageRejectedException(r, "m"))));
    }

    @Test
    void anImageThatCouldNotBeHadHasItsCodeAndStatus() {
        assertEquals(Map.of(
                "MISSING", "400 MISSING_IMAGE",
                "BAD_BASE64", "400 BAD_BASE64",
                "NOT_ALLOWED", "400 URL_NOT_ALLOWED",
                "UNFETCHABLE", "400 URL_UNREACHABLE",
                "TOO_LARGE", "413 IMAGE_TOO_LARGE",
                "BUSY", "503 BUSY"),
                byName(SourceException.Reason.values(), r -> ClientError.of(new SourceException(r, "m"))));
    }

    @Test
    void writesNotAppliedWithinTheWaitAre503ConsistencyTimeoutWithRetryAfter() {
        ClientError error = ClientError.of(new WritesNotVisibleException(1, 2, Duration.ofMillis(250)));
        assertEquals("503 CONSISTENCY_TIMEOUT", error.status().getStatusCode() + " " + error.code());
        assertEquals(1, error.retryAfterSeconds());
        assertEquals(error, ClientError.describe(new WritesNotVisibleException(1, 2, Duration.ofMillis(250))).orElseThrow(),
                "a batch entry would carry the same error");
    }

    private static <R extends Enum<R>> Map<String, String> byName(R[] reasons, Function<R, ClientError> error) {
        Map<String, String> answers = new TreeMap<>();
        for (R reason : reasons) {
            ClientError e = error.apply(reason);
            answers.put(reason.name(), e.status().getStatusCode() + " " + e.code());
        }
        return answers;
    }
}
