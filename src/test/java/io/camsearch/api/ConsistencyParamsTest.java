package io.camsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.client.WriteToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a request's consistency and consistencyWait parameters read: tokens in order, the wait capped by the service's bound. */
class ConsistencyParamsTest {

    private static final Duration MAX = Duration.ofSeconds(5);
    private static final WriteToken A = WriteToken.upsert("a", 0, 1);
    private static final WriteToken B = WriteToken.delete("b", 1, 2);
    private static final WriteToken C = WriteToken.upsert("c", 2, 3);

    @Test
    void noTokensIsAPlainSearchWhateverTheWait() {
        assertSame(Consistency.NONE, RequestParams.consistency(null, "100", MAX));
        assertSame(Consistency.NONE, RequestParams.consistency(List.of(), (Integer) null, MAX));
    }

    @Test
    void tokensCommaSeparatedOrRepeatedKeepTheirOrder() {
        Consistency consistency = RequestParams.consistency(List.of(A.encode() + "," + B.encode(), C.encode()), (String) null, MAX);
        assertEquals(List.of(A, B, C), consistency.writes());
    }

    @Test
    void theWaitDefaultsToTheBoundAndIsCappedByIt() {
        assertEquals(MAX, RequestParams.consistency(List.of(A.encode()), (String) null, MAX).bound());
        assertEquals(Duration.ofMillis(250), RequestParams.consistency(List.of(A.encode()), 250, MAX).bound());
        assertEquals(Duration.ZERO, RequestParams.consistency(List.of(A.encode()), 0, MAX).bound());
        assertEquals(MAX, RequestParams.consistency(List.of(A.encode()), 600_000, MAX).bound());
    }

    @Test
    void aBadWaitOrTooManyTokensIsABadRequestSayingSo() {
        BadRequestException negative = assertThrows(BadRequestException.class, () -> RequestParams.consistency(List.of(A.encode()), "-1", MAX));
        assertEquals("consistencyWait must be a whole number in [0, 2147483647], got '-1'", negative.getMessage());

        List<String> many = new ArrayList<>(Arrays.asList(new String[RequestParams.MAX_CONSISTENCY_TOKENS + 1]));
        many.replaceAll(ignored -> A.encode());
        BadRequestException tooMany = assertThrows(BadRequestException.class, () -> RequestParams.consistency(many, (String) null, MAX));
        assertEquals(Consistency.BAD_TOKEN, tooMany.code());
        assertEquals("consistency: a search may carry at most 100 tokens, got 101", tooMany.getMessage());

        BadRequestException empty = assertThrows(BadRequestException.class, () -> RequestParams.consistency(List.of(A.encode() + ","), (String) null, MAX));
        assertTrue(empty.getMessage().startsWith("consistency[1]: the consistency token is empty"), empty.getMessage());
    }
}
