package io.camsearch.ingest;

import java.net.URI;

/** Where an event's image comes from: inline in the event, or behind a URL. */
public sealed interface ImageSource {

    /** The image bytes, sent base64-encoded in the event. */
    record Inline(byte[] bytes) implements ImageSource {
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
