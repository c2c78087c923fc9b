package io.camsearch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.image.ImageLimits;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.HnswSettings;
import io.camsearch.search.SearchSettings;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code camsearch.*} key of {@link CamsearchConfig}, as SmallRye maps it, is documented where
 * an operator looks: listed with a comment in application.properties, with its default there as
 * the mapping has it, and in the configuration table of service.md; neither names a key the
 * service does not read.
 */
class ConfigurationKeysTest {

    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path SERVICE_MD = Path.of("src/site/markdown/service.md");
    /** {@code camsearch.a.b=value} or {@code #camsearch.a.b=value}: a key line, set or shown commented out. */
    private static final Pattern KEY_LINE = Pattern.compile("^(#?)(camsearch\\.[a-z0-9.-]+)=(.*)$");
    /** Any property line, set or commented out (several keys may share one comment). */
    private static final Pattern PROPERTY_LINE = Pattern.compile("^#?[%\\w\"][^ =]*=.*$");
    /** A row of a markdown table whose first cell is one key: {@code | `camsearch.a.b` | default | what |}. */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(camsearch\\.[a-z0-9.-]+)` \\| ([^|]*) \\|.*$");

    /** The mapping's keys with their defaults (empty for a setting that may stay unset). */
    private static Map<String, Optional<String>> mappingKeys() {
        Map<String, Optional<String>> keys = new TreeMap<>();
        for (Map.Entry<String, Property> entry : ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(CamsearchConfig.class, "camsearch"))
                .entrySet()) {
            if (entry.getKey().endsWith("[*]")) {
                continue; // a list's indexed form (key[0]=...), besides its comma-separated one
            }
            Property property = entry.getValue();
            keys.put(entry.getKey(), property.hasDefaultValue() ? Optional.of(property.getDefaultValue()) : Optional.empty());
        }
        assertTrue(keys.containsKey("camsearch.index.hnsw.max-connections") && keys.containsKey("camsearch.model"),
                "the mapping's keys were read: " + keys.keySet());
        return keys;
    }

    @Test
    void everyKeyIsListedWithACommentAndItsDefaultInApplicationProperties() throws IOException {
        List<String> lines = Files.readAllLines(APPLICATION_PROPERTIES);
        Map<String, Integer> listed = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher line = KEY_LINE.matcher(lines.get(i));
            if (!line.matches()) {
                continue;
            }
            if (listed.put(line.group(2), i) != null) {
                wrong.add(line.group(2) + " is listed twice");
            }
        }
        Map<String, Optional<String>> keys = mappingKeys();
        keys.forEach((key, defaultValue) -> {
            Integer at = listed.get(key);
            if (at == null) {
                wrong.add(key + " is not listed");
                return;
            }
            Matcher line = KEY_LINE.matcher(lines.get(at));
            line.matches();
            if (defaultValue.isPresent() && !(line.group(1).equals("#") && line.group(3).equals(defaultValue.get()))) {
                wrong.add(key + " should read '#" + key + "=" + defaultValue.get() + "' (its default, in the mapping alone), not '" + lines.get(at) + "'");
            }
            if (!commented(lines, at)) {
                wrong.add(key + " has no comment above it");
            }
        });
        for (String key : listed.keySet()) {
            if (!keys.containsKey(key)) {
                wrong.add(key + " is not a setting of the service");
            }
        }
        assertEquals(List.of(), wrong, APPLICATION_PROPERTIES + " against CamsearchConfig");
    }

    @Test
    void everyKeyHasARowWithItsDefaultInServiceMdsConfigurationTable() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        for (String line : Files.readAllLines(SERVICE_MD)) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.matches()) {
                rows.put(row.group(1), row.group(2).strip());
            }
        }
        List<String> wrong = new ArrayList<>();
        Map<String, Optional<String>> keys = mappingKeys();
        keys.forEach((key, defaultValue) -> {
            String shown = rows.get(key);
            if (shown == null) {
                wrong.add(key + " has no row");
            } else if (defaultValue.isPresent() && !shown.equals("`" + defaultValue.get() + "`")) {
                wrong.add(key + " shows default " + shown + ", the mapping's is `" + defaultValue.get() + "`");
            }
        });
        new TreeSet<>(rows.keySet()).stream().filter(key -> !keys.containsKey(key)).forEach(key -> wrong.add(key + " is not a setting of the service"));
        assertEquals(List.of(), wrong, SERVICE_MD + "'s configuration table against CamsearchConfig");
    }

    @Test
    void unsetSettingsAreTheDefaultsTheCommandLineToolsUseToo() {
        assertEquals(ImageLimits.DEFAULT, ServiceDefaults.imageLimits());
        assertEquals(HnswSettings.DEFAULT, ServiceDefaults.hnsw());
        assertEquals(SearchSettings.DEFAULT, ServiceDefaults.search());
        assertEquals(Thumbnail.DEFAULT_MAX_SIDE, ServiceDefaults.config().ingest().thumbnailMaxSide());
    }

    /** Whether a prose comment ({@code # ...}) heads the block of property lines that holds line {@code at}. */
    private static boolean commented(List<String> lines, int at) {
        for (int i = at - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (PROPERTY_LINE.matcher(line).matches()) {
                continue;
            }
            return line.startsWith("# ");
        }
        return false;
    }
}
