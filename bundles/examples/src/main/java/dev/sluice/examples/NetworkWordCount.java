package dev.sluice.examples;

import java.time.Duration;
import java.util.Map;
import dev.sluice.api.Config;
import dev.sluice.api.StreamingContext;
import dev.sluice.examples.internal.NetworkWordCountApplication;

/**
 * NetworkWordCount as a plain Java program, no container: the Sluice runtime, the socket source
 * and the console sink on the class path are enough, as the distribution's lib/java/ holds them:
 * <pre>java -cp 'lib/java/*' dev.sluice.examples.NetworkWordCount local[2] localhost 9999</pre>
 */
public final class NetworkWordCount {

    private NetworkWordCount() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("Usage: NetworkWordCount <master> <hostname> <port>");
            System.exit(2);
        }
        try (StreamingContext ssc = StreamingContext.create(args[0], "NetworkWordCount", Duration.ofSeconds(1))) {
            // the same graph the container runs as network-word-count
            new NetworkWordCountApplication().define(ssc, Config.of(Map.of(
                    NetworkWordCountApplication.HOST, args[1],
                    NetworkWordCountApplication.PORT, args[2])));
            ssc.start();
            ssc.awaitTermination();
        }
    }
}
