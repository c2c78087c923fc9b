package io.camsearch.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where an image comes from: inline bytes, or behind a URL. */
public sealed interface ImageSource {

    /**
     * The source named by exactly one of {@code url} and {@code base64} (the {@code image} object
     * of an event or of a search request). A {@code data:...;base64,} prefix is accepted.
     */
    static ImageSource of(String url, String base64) throws SourceException {
        boolean hasUrl = url != null;
        if (hasUrl == (base64 != null)) {
            throw new SourceException(SourceException.Reason.MISSING, "\"image\" needs exactly one of \"url\" and \"base64\", got "
                    + (hasUrl ? "both" : "neither"));
        }
        if (hasUrl) {
            try {
                URI uri = new URI(url.strip());
                if (uri.getScheme() == null) {
                    String shown = redacted(uri);
                    throw new SourceException(SourceException.Reason.NOT_ALLOWED, "\"image.url\" '"
                            + (shown.length() <= 80 ? shown : shown.substring(0, 77) + "...") + "' has no scheme; use http, https or file");
                }
                return new Remote(uri);
            } catch (URISyntaxException e) {
                // Not e.getMessage(): it quotes the whole text, secrets and all.
                throw new SourceException(SourceException.Reason.NOT_ALLOWED, "\"image.url\" is not a URL: " + e.getReason()
                        + (e.getIndex() >= 0 ? " at character " + e.getIndex() : ""));
            }
        }
        String text = Inline.payload(base64);
        try {
            return new Inline(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new SourceException(SourceException.Reason.BAD_BASE64, "\"image.base64\" is not base64: " + e.getMessage());
        }
    }

    /** The image bytes, sent base64-encoded. */
    record Inline(byte[] bytes) implements ImageSource {

        private static final Pattern DATA_URL_PREFIX = Pattern.compile("data:[^,]*;base64,");

        /**
         * The base64 text without a {@code data:} URL prefix and without white space (line breaks
         * of wrapped base64). One pass over the text, no regular expression over all of it: an
         * image is tens of kilobytes of base64, and a regex replace over it was a measurable
         * share of ingestion.
         */
        public static String payload(String base64) {
            Matcher prefix = DATA_URL_PREFIX.matcher(base64);
            int start = prefix.lookingAt() ? prefix.end() : 0;
            StringBuilder text = null;
            for (int i = start; i < base64.length(); i++) {
                char c = base64.charAt(i);
                boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
                if (space && text == null) {
                    text = new StringBuilder(base64.length() - start).append(base64, start, i);
                } else if (!space && text != null) {
                    text.append(c);
                }
            }
            return text != null ? text.toString() : base64.substring(start);
        }

        @Override
        public String toString() {
            return "inline image of " + bytes.length + " bytes";
        }
    }

    /**
     * An http(s) URL, or a {@code file:} URL under the configured root. Its text form is
     * {@linkplain #redacted(URI) redacted}: it is what messages, logs and dead letters show.
     */
    record Remote(URI url) implements ImageSource {
        @Override
        public String toString() {
            return redacted(url);
        }
    }

    /**
     * {@code url} without what may be a secret: no user info (credentials), no query (tokens,
     * signatures) and no fragment; a query is shown as {@code ?…}. E.g.
     * {@code http://user:pw@host/x.png?token=t} becomes {@code http://host/x.png?…}.
     */
    static String redacted(URI url) {
        String s = url.toString();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        int query = s.indexOf('?');
        if (query >= 0) {
            s = s.substring(0, query);
        }
        int scheme = url.getScheme() == null ? -1 : url.getScheme().length();
        if (s.startsWith("//", scheme + 1)) {
            int authority = scheme + 3;
            int end = s.indexOf('/', authority);
            end = end < 0 ? s.length() : end;
            int at = s.lastIndexOf('@', end - 1);
            if (at >= authority) {
                s = s.substring(0, authority) + s.substring(at + 1);
            }
        } else {
            // An opaque URL (http:user:pw@host): nothing before an '@' is shown.
            int at = s.lastIndexOf('@');
            if (at > scheme && scheme >= 0) {
                s = s.substring(0, scheme + 1) + "…@" + s.substring(at + 1);
            }
        }
        return query >= 0 ? s + "?…" : s;
    }
}
