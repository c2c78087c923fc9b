package io.camsearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The files of a benchmark run: a working directory started empty, the results as indented JSON. */
final class BenchFiles {

    private BenchFiles() {}

    /** Deletes {@code dir} with everything in it, if it exists, and creates it again empty. */
    static void emptyDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    static void writeJson(Path json, Object results) throws IOException {
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
    }
}
