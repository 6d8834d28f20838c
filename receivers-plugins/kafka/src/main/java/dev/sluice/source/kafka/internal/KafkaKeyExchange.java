package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.api.spi.KeyExchange;

/** Keys exchanged through repartition topics: the exchange the group's Kafka source started ({@link GroupExchange}). */
final class KafkaKeyExchange implements KeyExchange {

    @Override
    public Shuffle open(String group, String shuffle) {
        return GroupExchange.of(group).orElseThrow(() -> new SluiceException("group " + group + " has no Kafka"
                + " input in this container to exchange keys with; a stream a group shares reads a Kafka topic"))
                .shuffle(shuffle);
    }

    /** The stages reading the same upstreams write one transaction per batch ({@link GroupExchange}). */
    @Override
    public boolean handsOverTogether() {
        return true;
    }
}
