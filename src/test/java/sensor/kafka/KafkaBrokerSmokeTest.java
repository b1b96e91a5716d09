package sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import sensor.testutil.KafkaBroker;

class KafkaBrokerSmokeTest {
    @Test
    void produceAndConsume() throws Exception {
        try (KafkaBroker b = KafkaBroker.start()) {
            try (Admin a = Admin.create(Map.of("bootstrap.servers", b.bootstrap()))) {
                a.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", b.bootstrap()),
                    new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>("t", "k", "v")).get();
            }
            Properties c = new Properties();
            c.put("bootstrap.servers", b.bootstrap());
            c.put("group.id", "g");
            c.put("auto.offset.reset", "earliest");
            try (KafkaConsumer<String, String> k = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                k.subscribe(List.of("t"));
                int n = 0;
                long end = System.currentTimeMillis() + 30_000;
                while (n == 0 && System.currentTimeMillis() < end) {
                    ConsumerRecords<String, String> rs = k.poll(Duration.ofMillis(500));
                    n += rs.count();
                }
                assertEquals(1, n);
            }
        }
    }
}
