package io.camsearch.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.regex.Pattern;

/** Where an event's image comes from: inline in the event, or behind a URL. */
public sealed interface ImageSource {

    /**
     * The source named by exactly one of {@code url} and {@code base64} (the {@code image} object
     * of an event or of a search request). A {@code data:...;base64,} prefix is accepted.
     */
    static ImageSource of(String url, String base64) throws EventRejectedException {
        boolean hasUrl = url != null;
        if (hasUrl == (base64 != null)) {
            throw new EventRejectedException(RejectReason.MISSING_IMAGE, "\"image\" needs exactly one of \"url\" and \"base64\", got "
                    + (hasUrl ? "both" : "neither"));
        }
        if (hasUrl) {
            try {
                URI uri = new URI(url.strip());
                if (uri.getScheme() == null) {
                    throw new EventRejectedException(RejectReason.URL_NOT_ALLOWED, "\"image.url\" '" + CatalogEventParser.abbreviate(url)
                            + "' has no scheme; use http, https or file");
                }
                return new Remote(uri);
            } catch (URISyntaxException e) {
                throw new EventRejectedException(RejectReason.URL_NOT_ALLOWED, "\"image.url\" is not a URL: " + e.getMessage());
            }
        }
        String text = Inline.DATA_URL_PREFIX.matcher(base64).replaceFirst("").replaceAll("\\s", "");
        try {
            return new Inline(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new EventRejectedException(RejectReason.BAD_BASE64, "\"image.base64\" is not base64: " + e.getMessage());
        }
    }

    /** The image bytes, sent base64-encoded in the event. */
    record Inline(byte[] bytes) implements ImageSource {

        private static final Pattern DATA_URL_PREFIX = Pattern.compile("^data:[^,]*;base64,");

        @Override
        public String toString() {
            return "inline image of " + bytes.length + " bytes";
        }
    }

    /** An http(s) URL, or a {@code file:} URL under the configured root. */
    record Remote(URI url) implements ImageSource {
        @Override
        public String toString() {
            return url.toString();
        }
    }
}
