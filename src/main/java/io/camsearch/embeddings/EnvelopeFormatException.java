package io.camsearch.embeddings;

/**
 * An envelope's bytes that do not follow {@link EnvelopeCodec}'s layout: the message names the
 * field and the byte position where reading stopped. Where the record came from (topic, partition,
 * offset) is the caller's to add.
 */
public final class EnvelopeFormatException extends Exception {

    private final String field;
    private final int position;
    private final boolean newerSchema;

    EnvelopeFormatException(String field, int position, String problem) {
        this(field, position, problem, false);
    }

    private EnvelopeFormatException(String field, int position, String problem, boolean newerSchema) {
        super("envelope field '" + field + "' at byte " + position + ": " + problem);
        this.field = field;
        this.position = position;
        this.newerSchema = newerSchema;
    }

    /** An envelope of a schema version this reader does not know yet: not a damaged record, a reader to upgrade. */
    static EnvelopeFormatException newerSchema(int version) {
        return new EnvelopeFormatException("schema version", 0, "schema version " + version + " is newer than this reader knows (1 to "
                + EnvelopeCodec.SCHEMA_VERSION + ")", true);
    }

    /** Whether the envelope is of a newer schema than this reader knows (see {@link #newerSchema(int)}). */
    public boolean newerSchema() {
        return newerSchema;
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
