package io.camsearch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an embedding from a text file: a JSON array of numbers, or numbers separated by commas or whitespace. */
final class EmbeddingFile {

    private EmbeddingFile() {}

    static float[] read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--proxy-embedding " + file + ": no such file");
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        String[] tokens = text.strip().split("[,\\s]+");
        if (tokens.length == 1 && tokens[0].isEmpty()) {
            throw new IllegalArgumentException("--proxy-embedding " + file + " holds no numbers");
        }
        float[] values = new float[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            try {
                values[i] = Float.parseFloat(tokens[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--proxy-embedding " + file + ": value " + (i + 1) + " ('" + tokens[i] + "') is not a number");
            }
        }
        return values;
    }
}
