package io.camsearch.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A cursor over the chunks of a PNG file, in file order, without copying: the one place the PNG
 * container (signature, then length, type, data and CRC per chunk) is parsed.
 */
final class PngChunks {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int OVERHEAD = 12; // length, type and CRC

    private final byte[] bytes;
    private int next = SIGNATURE.length;
    private int start = -1;
    private int length;

    PngChunks(byte[] bytes) {
        this.bytes = bytes;
    }

    static boolean hasSignature(byte[] bytes) {
        if (bytes.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** Moves to the next chunk; false when no whole chunk (with its CRC) is left in the file. */
    boolean next() {
        if (next + OVERHEAD > bytes.length) {
            return false;
        }
        long chunkLength = readUnsignedInt(bytes, next);
        if (next + OVERHEAD + chunkLength > bytes.length) {
            return false;
        }
        start = next;
        length = (int) chunkLength;
        next += OVERHEAD + length;
        return true;
    }

    String type() {
        return new String(bytes, start + 4, 4, StandardCharsets.ISO_8859_1);
    }

    boolean is(String type) {
        for (int i = 0; i < 4; i++) {
            if (bytes[start + 4 + i] != type.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    int dataOffset() {
        return start + 8;
    }

    int length() {
        return length;
    }

    /** Where the file goes on after this chunk. */
    int end() {
        return next;
    }

    /**
     * The first chunk, in file order, whose CRC does not match its type and data, named by its
     * type and where it starts (for a message); empty when every whole chunk is intact. A cut
     * chunk at the end is not checked here: the readers report a file cut short.
     */
    static Optional<String> firstBadCrc(byte[] bytes) {
        PngChunks chunks = new PngChunks(bytes);
        for (int index = 1; chunks.next(); index++) {
            if (!chunks.crcMatches()) {
                return Optional.of(chunks.describe() + " (chunk " + index + ", at byte " + chunks.start + ")");
            }
        }
        return Optional.empty();
    }

    /** The chunk's type when it is one (four ASCII letters), else a neutral name: bytes from the file are never echoed raw. */
    private String describe() {
        String type = type();
        return type.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') ? type : "a chunk of unreadable type";
    }

    boolean crcMatches() {
        CRC32 crc = new CRC32();
        crc.update(bytes, start + 4, 4 + length);
        return crc.getValue() == readUnsignedInt(bytes, start + 8 + length);
    }

    static long readUnsignedInt(byte[] bytes, int at) {
        return ((long) (bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
    }
}
