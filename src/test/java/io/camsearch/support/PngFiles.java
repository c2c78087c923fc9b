package io.camsearch.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Edits whole PNG files chunk by chunk: to add a chunk, or to damage one's CRC as a transfer error would. */
public final class PngFiles {

    private static final int SIGNATURE_LENGTH = 8;

    private PngFiles() {}

    /** The file with a chunk (correct CRC) inserted before its first chunk of type {@code before}. */
    public static byte[] withChunkBefore(byte[] png, String before, String type, byte[] data) {
        int at = chunkStart(png, before);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, at);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, at, png.length - at);
        return out.toByteArray();
    }

    /** The file with one bit of the CRC of its first chunk of {@code type} flipped. */
    public static byte[] crcFlipped(byte[] png, String type) {
        int start = chunkStart(png, type);
        byte[] damaged = png.clone();
        damaged[start + 8 + length(png, start)] ^= 0x01;
        return damaged;
    }

    /** Where the first chunk of {@code type} starts (its length field). */
    public static int chunkStart(byte[] png, String type) {
        for (int at = SIGNATURE_LENGTH; at + 12 <= png.length; at += 12 + length(png, at)) {
            if (new String(png, at + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
                return at;
            }
        }
        throw new IllegalArgumentException("the PNG has no " + type + " chunk");
    }

    private static int length(byte[] png, int at) {
        return ByteBuffer.wrap(png, at, 4).getInt();
    }
}
