package io.camsearch.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ColormapTest {

    @Test
    void turboEndsInDarkBlueAndDarkRedWithGreenYellowInTheMiddle() {
        // the published polynomial at entries 0, 128 and 255, rounded to 8 bits per channel
        assertEquals(0x23171B, Colormap.TURBO.rgb(0f));
        assertEquals(0x98FA4F, Colormap.TURBO.rgb(128f / 255));
        assertEquals(0x900D00, Colormap.TURBO.rgb(1f));
    }

    @Test
    void valuesOutsideZeroToOneTakeTheColourOfTheNearestEnd() {
        assertEquals(Colormap.TURBO.rgb(0f), Colormap.TURBO.rgb(-3f));
        assertEquals(Colormap.TURBO.rgb(1f), Colormap.TURBO.rgb(1.5f));
    }

    @Test
    void valuesRoundToTheNearestOfTheTwoHundredFiftySixEntries() {
        // entry 128 spans (127.5 / 255, 128.5 / 255)
        float centreOf128 = 128f / 255;
        assertEquals(Colormap.TURBO.rgb(centreOf128), Colormap.TURBO.rgb(centreOf128 + 0.4f / 255));
        assertEquals(Colormap.TURBO.rgb(centreOf128), Colormap.TURBO.rgb(centreOf128 - 0.4f / 255));
    }
}
