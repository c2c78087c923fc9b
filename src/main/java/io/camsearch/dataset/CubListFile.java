package io.camsearch.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of CUB's list files ({@code images.txt}, {@code bounding_boxes.txt}, ...): a line per item,
 * fields separated by white space, the first field a positive id. Blank lines are skipped.
 */
final class CubListFile {

    private final Path file;
    private final Map<Integer, Row> rows;

    private CubListFile(Path file, Map<Integer, Row> rows) {
        this.file = file;
        this.rows = rows;
    }

    /**
     * Reads {@code name} in {@code root}, each line with exactly the fields {@code format} names
     * in the words of CUB's README, e.g. {@code "<image_id> <class_id>"}.
     *
     * @throws CubFormatException when the file is missing, a line has another number of fields
     *     or a bad id, or an id repeats
     */
    static CubListFile read(Path root, String name, String format) throws IOException {
        return readIfPresent(root, name, format).orElseThrow(
                () -> new CubFormatException(root + " is not a CUB-200-2011 directory: " + name + " is missing"));
    }

    /** As {@link #read}, but a missing file is empty instead of an error. */
    static Optional<CubListFile> readIfPresent(Path root, String name, String format) throws IOException {
        Path file = root.resolve(name);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int fields = format.split(" ").length;
        Map<Integer, Row> rows = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            Row row = new Row(file, i + 1, line.split("\\s+"));
            if (row.fields.length != fields) {
                throw row.error("expected '" + format + "', got '" + line + "'");
            }
            int id = row.positiveInt(0, "id");
            Row previous = rows.putIfAbsent(id, row);
            if (previous != null) {
                throw row.error("id " + id + " repeats line " + previous.line);
            }
        }
        return Optional.of(new CubListFile(file, rows));
    }

    /** The rows in file order. */
    Iterable<Row> rows() {
        return rows.values();
    }

    /**
     * The row of {@code id}; {@code from} is the row that asks for it, named in the error.
     *
     * @throws CubFormatException when this file has no line for {@code id}
     */
    Row row(int id, Row from) throws CubFormatException {
        Row row = rows.get(id);
        if (row == null) {
            throw from.error(file.getFileName() + " has no line for id " + id);
        }
        return row;
    }

    /**
     * @throws CubFormatException at the first row whose id {@code known} does not hold
     */
    void requireIdsIn(Map<Integer, ?> known, String knownFile) throws CubFormatException {
        for (Row row : rows.values()) {
            if (!known.containsKey(row.id())) {
                throw row.error("id " + row.id() + " is not in " + knownFile);
            }
        }
    }

    /** One line: its file and number (for errors) and its fields. */
    record Row(Path file, int line, String[] fields) {

        int id() {
            return Integer.parseInt(fields[0]);
        }

        String text(int index) {
            return fields[index];
        }

        int positiveInt(int index, String what) throws CubFormatException {
            try {
                int value = Integer.parseInt(fields[index]);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the line
            }
            throw error(what + " must be a positive integer, got '" + fields[index] + "'");
        }

        float finiteFloat(int index, String what) throws CubFormatException {
            try {
                float value = Float.parseFloat(fields[index]);
                if (Float.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the line
            }
            throw error(what + " must be a number, got '" + fields[index] + "'");
        }

        CubFormatException error(String message) {
            return CubFormatException.at(file, line, message);
        }
    }
}
