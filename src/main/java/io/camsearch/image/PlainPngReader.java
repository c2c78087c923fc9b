package io.camsearch.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the PNGs most catalogs are made of, 8-bit RGB or RGBA and not interlaced, straight into
 * the pixels {@link ImageDecoder} returns, without ImageIO's reader, its reader lookup and the
 * colour conversion after it: on catalog-sized images that overhead is a fair share of the decode,
 * which is otherwise mostly inflating the zlib stream (numbers: src/site/markdown/benchmarks.md).
 *
 * <p>It decodes exactly what ImageIO's reader would, as the decoder calls it (metadata ignored):
 * chunks other than IHDR, PLTE, tRNS and IDAT do not change the pixels, and a PNG with a PLTE or
 * tRNS before its data is left to ImageIO. Anything unusual in the data (a zlib error, a bad
 * filter type, rows missing, data after the image) returns null, so that ImageIO decodes the file
 * and names what is wrong; the two never disagree (tested on whole, cut and altered files).
 */
final class PlainPngReader {

    private static final int COLOUR_TYPE_RGB = 2;
    private static final int COLOUR_TYPE_RGBA = 6;
    private static final int IHDR_LENGTH = 13;

    /** A PNG this reader decodes, with its data starting at the first IDAT chunk. */
    record Header(int width, int height, boolean alpha) {
    }

    private PlainPngReader() {
    }

    /** The header of a PNG this reader decodes; null for any other file. */
    static Header header(byte[] bytes) {
        if (!PngChunks.hasSignature(bytes)) {
            return null;
        }
        PngChunks chunks = new PngChunks(bytes);
        if (!chunks.next() || !chunks.is("IHDR") || chunks.length() != IHDR_LENGTH) {
            return null;
        }
        int at = chunks.dataOffset();
        long width = PngChunks.readUnsignedInt(bytes, at);
        long height = PngChunks.readUnsignedInt(bytes, at + 4);
        int bitDepth = bytes[at + 8];
        int colourType = bytes[at + 9];
        int compression = bytes[at + 10];
        int filter = bytes[at + 11];
        int interlace = bytes[at + 12];
        if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE || bitDepth != 8
                || colourType != COLOUR_TYPE_RGB && colourType != COLOUR_TYPE_RGBA || compression != 0 || filter != 0 || interlace != 0) {
            return null;
        }
        while (chunks.next()) {
            if (chunks.is("IDAT")) {
                return new Header((int) width, (int) height, colourType == COLOUR_TYPE_RGBA);
            }
            if (chunks.is("PLTE") || chunks.is("tRNS")) {
                return null;
            }
        }
        return null;
    }

    /**
     * The pixels of a file whose {@code header} this reader gave (the caller checks the size
     * first): {@code TYPE_INT_RGB} for RGB, {@code TYPE_4BYTE_ABGR} for RGBA; null when the data is
     * not a whole, well-formed image.
     */
    static BufferedImage read(byte[] bytes, Header header) {
        int channels = header.alpha() ? 4 : 3;
        int stride = Math.multiplyExact(header.width(), channels);
        BufferedImage image = new BufferedImage(header.width(), header.height(),
                header.alpha() ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_INT_RGB);
        byte[] previous = new byte[stride];
        byte[] row = new byte[stride];
        byte[] filterType = new byte[1];
        byte[] abgr = header.alpha() ? ((DataBufferByte) image.getRaster().getDataBuffer()).getData() : null;
        int[] rgb = header.alpha() ? null : ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        IdatStream data = new IdatStream(bytes);
        try {
            for (int y = 0; y < header.height(); y++) {
                if (!data.readFully(filterType) || !data.readFully(row) || !unfilter(filterType[0], row, previous, channels)) {
                    return null;
                }
                if (header.alpha()) {
                    storeAbgr(row, abgr, y * stride);
                } else {
                    storeRgb(row, rgb, y * header.width());
                }
                byte[] swap = previous;
                previous = row;
                row = swap;
            }
            return data.endsHere() ? image : null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            data.close();
        }
    }

    /** Undoes a row's filter in place (PNG specification, section 9); false for an unknown filter type. */
    private static boolean unfilter(int type, byte[] row, byte[] previous, int bpp) {
        switch (type) {
            case 0 -> { }
            case 1 -> {
                for (int i = bpp; i < row.length; i++) {
                    row[i] += row[i - bpp];
                }
            }
            case 2 -> {
                for (int i = 0; i < row.length; i++) {
                    row[i] += previous[i];
                }
            }
            case 3 -> {
                for (int i = 0; i < bpp; i++) {
                    row[i] += (previous[i] & 0xFF) >>> 1;
                }
                for (int i = bpp; i < row.length; i++) {
                    row[i] += ((row[i - bpp] & 0xFF) + (previous[i] & 0xFF)) >>> 1;
                }
            }
            case 4 -> {
                for (int i = 0; i < bpp; i++) {
                    row[i] += previous[i]; // Paeth with a and c zero picks b
                }
                for (int i = bpp; i < row.length; i++) {
                    row[i] += paeth(row[i - bpp] & 0xFF, previous[i] & 0xFF, previous[i - bpp] & 0xFF);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static int paeth(int left, int above, int upperLeft) {
        int p = left + above - upperLeft;
        int pa = Math.abs(p - left);
        int pb = Math.abs(p - above);
        int pc = Math.abs(p - upperLeft);
        return pa <= pb && pa <= pc ? left : pb <= pc ? above : upperLeft;
    }

    private static void storeRgb(byte[] row, int[] pixels, int offset) {
        for (int i = 0, x = offset; i < row.length; i += 3, x++) {
            pixels[x] = (row[i] & 0xFF) << 16 | (row[i + 1] & 0xFF) << 8 | (row[i + 2] & 0xFF);
        }
    }

    private static void storeAbgr(byte[] row, byte[] abgr, int offset) {
        for (int i = 0; i < row.length; i += 4) {
            abgr[offset + i] = row[i + 3];
            abgr[offset + i + 1] = row[i + 2];
            abgr[offset + i + 2] = row[i + 1];
            abgr[offset + i + 3] = row[i];
        }
    }

    /** The zlib stream of consecutive IDAT chunks, inflated without copying the file. */
    private static final class IdatStream {
        private final Inflater inflater = new Inflater();
        private final byte[] bytes;
        private final PngChunks chunks;
        private boolean inIdat = true;

        /** From the first IDAT chunk, which {@link #header} found. */
        IdatStream(byte[] bytes) {
            this.bytes = bytes;
            this.chunks = new PngChunks(bytes);
            while (chunks.next() && !chunks.is("IDAT")) {
                // skipping the chunks before the data
            }
            inflater.setInput(bytes, chunks.dataOffset(), chunks.length());
        }

        /** Fills {@code out}; false when the data ends first. */
        boolean readFully(byte[] out) throws DataFormatException {
            int filled = 0;
            while (filled < out.length) {
                int n = inflater.inflate(out, filled, out.length - filled);
                filled += n;
                if (n == 0) {
                    if (inflater.finished() || inflater.needsDictionary() || !inflater.needsInput() || !nextIdat()) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** True when the zlib stream ends (its checksum verified) right after the image, in the IDAT chunks. */
        boolean endsHere() throws DataFormatException {
            byte[] extra = new byte[1];
            while (!inflater.finished()) {
                if (inflater.inflate(extra) > 0 || inflater.needsDictionary()) {
                    return false;
                }
                // needsInput is also true once the stream has finished with no input left over.
                if (!inflater.finished() && inflater.needsInput() && !nextIdat()) {
                    return false;
                }
            }
            return inflater.getRemaining() == 0;
        }

        private boolean nextIdat() {
            if (!inIdat || !chunks.next() || !chunks.is("IDAT")) {
                inIdat = false;
                return false;
            }
            inflater.setInput(bytes, chunks.dataOffset(), chunks.length());
            return true;
        }

        void close() {
            inflater.end();
        }
    }
}
