package io.camsearch.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Builds PNG files chunk by chunk, to say things ImageIO's writer never would. */
final class CraftedPng {

    private final ByteArrayOutputStream png = new ByteArrayOutputStream();

    /** A PNG of 8-bit gray pixels of the given size, so far only its signature and header. */
    CraftedPng(int width, int height) {
        this(width, height, 0);
    }

    /** A PNG of 8-bit samples of the given PNG colour type (0 grey, 2 RGB, 6 RGBA), so far only its signature and header. */
    CraftedPng(int width, int height, int colourType) {
        png.writeBytes(PngChunks.SIGNATURE);
        chunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0).array());
    }

    CraftedPng chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return this;
    }

    /** The file so far. */
    byte[] bytes() {
        return png.toByteArray();
    }

    /** Appends compressed pixel data of {@code rows} rows and the end chunk. */
    byte[] end(int width, int rows) {
        chunk("IDAT", deflate(new byte[(1 + width) * rows]));
        chunk("IEND", new byte[0]);
        return png.toByteArray();
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[data.length + 64];
        int length = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, length);
    }

    /**
     * A zlib stream of about a thousandth of {@code mebibytes} that inflates to that many MiB of
     * zeros: once the compressor's window is all zeros, each further MiB of zeros compresses to
     * the same block, so the block is repeated instead of compressing gigabytes.
     */
    static byte[] zerosBomb(int mebibytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 20];
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        deflater.setInput(zeros);
        bomb.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH));
        deflater.setInput(zeros);
        byte[] repeated = Arrays.copyOf(buffer, deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH));
        for (int i = 1; i < mebibytes; i++) {
            bomb.writeBytes(repeated);
        }
        deflater.finish();
        bomb.write(buffer, 0, deflater.deflate(buffer));
        deflater.end();
        return bomb.toByteArray();
    }
}
