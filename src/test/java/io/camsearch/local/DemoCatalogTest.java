package io.camsearch.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCatalogTest {

    /** bench-ingest's warm-up events carry it, so that they run the code the timed events run. */
    @Test
    void theMetadataOfTheNthItemIsWhatItsCatalogEventCarriesRoundTheCatalogAgain() throws Exception {
        DemoCatalog catalog = new DemoCatalog(2, 3);
        ObjectMapper json = new ObjectMapper();
        List<Map<?, ?>> published = new ArrayList<>();
        for (byte[] event : catalog.events("").values()) {
            published.add(json.readValue(event, Map.class).get("metadata") instanceof Map<?, ?> m ? m : Map.of());
        }
        assertEquals(6, published.size());
        for (int n = 0; n < 12; n++) {
            assertEquals(published.get(n % 6), catalog.metadata(n), "item " + n);
        }
        assertEquals(List.of("name", "category", "colour", "pattern", "class", "price"), List.copyOf(catalog.metadata(4).keySet()));
        assertEquals(Integer.class, catalog.metadata(4).get("price").getClass(), "a number, as the catalog's events carry");
    }

    @Test
    void aNegativePlaceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DemoCatalog(1, 1).metadata(-1));
        assertEquals("an item's place in the catalog is >= 0, got -1", e.getMessage());
    }
}
