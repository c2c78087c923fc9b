package io.camsearch.ingest;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes rejected records to {@code catalog-images-dlq}: original key and value, the reason in headers. */
@ApplicationScoped
public class KafkaDeadLetterSink implements DeadLetterSink {

    static final String CHANNEL = "catalog-images-dlq";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<Record<String, byte[]>> emitter;

    @Override
    public void publish(List<DeadLetter> letters) throws IOException {
        List<Uni<Void>> sends = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeadLetter.REASON_HEADER, utf8(letter.reason()));
            headers.add(DeadLetter.DETAIL_HEADER, utf8(letter.detail()));
            headers.add(DeadLetter.TOPIC_HEADER, utf8(letter.sourceTopic()));
            headers.add(DeadLetter.PARTITION_HEADER, utf8(Integer.toString(letter.sourcePartition())));
            headers.add(DeadLetter.OFFSET_HEADER, utf8(Long.toString(letter.sourceOffset())));
            var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(letter.key()).withHeaders(headers).build();
            sends.add(emitter.sendMessage(Message.of(Record.of(letter.key(), letter.value())).addMetadata(metadata)));
        }
        try {
            Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
        } catch (RuntimeException e) {
            throw new IOException("the broker did not acknowledge " + letters.size() + " dead letters on " + CHANNEL
                    + "; the batch will be consumed again", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
