package dev.sluice.sink.kafka.internal;

import static dev.sluice.api.kafka.Kafka.*;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka output's settings, read and checked once when the output is made. Its transactional
 * id names the output among all writers of the cluster: the same on every run of the application
 * (so a restarted run fences the one before), different for every output.
 */
record KafkaSinkSettings(Map<String, Object> clientProperties, String topic, String transactionalId,
                         Serializer<Object> keySerializer, Serializer<Object> valueSerializer) {

    static KafkaSinkSettings from(Config config) {
        var client = new LinkedHashMap<String, Object>();
        config.asMap().forEach((k, v) -> {
            if (k.startsWith(CLIENT_PREFIX)) {
                client.put(k.substring(CLIENT_PREFIX.length()), v);
            }
        });
        if (!client.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new ConfigException("missing " + BOOTSTRAP_SERVERS + ": the Kafka brokers to write to, e.g. "
                    + BOOTSTRAP_SERVERS + "=broker1:9092,broker2:9092");
        }
        String topic = config.get(TOPIC).map(String::trim).filter(t -> !t.isEmpty()).orElseThrow(() ->
                new ConfigException("missing " + TOPIC + ": the Kafka topic a Kafka output writes to"));
        if (client.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            throw new ConfigException("set the output's " + TRANSACTIONAL_ID + ", not kafka."
                    + ProducerConfig.TRANSACTIONAL_ID_CONFIG + ": the output derives its producers' ids from it");
        }
        String transactionalId = config.string(TRANSACTIONAL_ID, "sluice-" + topic).trim();
        return new KafkaSinkSettings(Map.copyOf(client), topic, transactionalId,
                Serializers.from(config, KEY_SERIALIZER, client, true),
                Serializers.from(config, VALUE_SERIALIZER, client, false));
    }

    String bootstrap() {
        return String.valueOf(clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }
}
