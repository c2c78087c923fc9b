package io.camsearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.bench.LatencySummary.Sample;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadPhaseTest {

    @Test
    void aResponseWhoseBodyStallsCountsAsATimeoutAndTheClientMovesOn() throws Exception {
        // The slow server answers every path at once with headers, then a byte a second: a service
        // stalled mid-response. The client's timeout must cover the whole response, not just the headers.
        try (SlowImageServer stalled = SlowImageServer.start()) {
            String base = "http://127.0.0.1:" + URI.create(stalled.imageUrl()).getPort();
            Duration timeout = Duration.ofSeconds(1);
            LoadRequests requests = new LoadRequests(base, List.of("demo-0-0"), List.of(new byte[] {1, 2, 3}), stalled.imageUrl(), timeout);

            Map<ClientKind, List<Sample>> samples = new LoadPhase(requests, timeout)
                    .run(List.of(ClientKind.SIMILAR, ClientKind.UPLOAD), Duration.ofMillis(500));

            assertEquals(2, samples.size(), "both kinds sent requests");
            for (List<Sample> kind : samples.values()) {
                assertFalse(kind.isEmpty());
                for (Sample sample : kind) {
                    assertEquals(Outcome.TIMEOUT, sample.outcome());
                    assertTrue(sample.millis() >= 1000, "waited the whole timeout before giving up: " + sample.millis() + " ms");
                }
            }
        }
    }
}
