package io.camsearch.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.image.ImageLimits;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Lets a JSON request carry an image as large as an upload may be. Jackson refuses strings over
 * 20,000,000 characters by default, below the base64 of the 20 MiB image limit (about 28 million
 * characters), so a JSON search failed where the same file uploaded succeeded. The longest string
 * is now what {@code camsearch.images.max-bytes} takes as base64 ({@code 4 * ceil(n / 3)}), plus
 * room for line breaks of wrapped base64 (a break per 76 characters, as MIME wraps) and a
 * {@code data:} URL prefix; the decoded bytes are then held to the image limit itself, as on every
 * other path.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    /** Room for a {@code data:image/...;base64,} prefix. */
    private static final int PREFIX_ROOM = 256;
    /** However small the image limit, strings of this length (filters, id lists) are still read. */
    private static final int FLOOR = 1 << 20;

    private final int maxStringLength;

    public JsonLimits(ImageLimits limits) {
        this.maxStringLength = maxStringLength(limits.maxBytes());
    }

    /** The longest JSON string that can hold the base64 of an image of {@code maxImageBytes}, wrapped or not. */
    static int maxStringLength(long maxImageBytes) {
        long base64 = 4 * ((maxImageBytes + 2) / 3);
        long wrapped = base64 + 2 * ((base64 + 75) / 76);
        long longest = Math.max(wrapped + PREFIX_ROOM, FLOOR);
        return (int) Math.min(longest, Integer.MAX_VALUE);
    }

    int maxStringLength() {
        return maxStringLength;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxStringLength).build());
    }
}
