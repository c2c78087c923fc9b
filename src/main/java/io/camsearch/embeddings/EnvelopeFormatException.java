package io.camsearch.embeddings;

/**
 * An envelope's bytes that do not follow {@link EnvelopeCodec}'s layout: the message names the
 * field and the byte position where reading stopped. Where the record came from (topic, partition,
 * offset) is the caller's to add.
 */
public final class EnvelopeFormatException extends Exception {

    private final String field;
    private final int position;

    EnvelopeFormatException(String field, int position, String problem) {
        super("envelope field '" + field + "' at byte " + position + ": " + problem);
        this.field = field;
        this.position = position;
    }

    /** The field being read, e.g. {@code thumbnail.bytes} or {@code metadata[2].value}. */
    public String field() {
        return field;
    }

    /** The byte offset in the record value where the field starts. */
    public int position() {
        return position;
    }
}
