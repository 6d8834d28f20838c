package dev.sluice.itests.plugin;

import dev.sluice.api.Config;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.ReceiverContext;
import dev.sluice.api.spi.SourceProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * A third-party source plugin, shipped as a bundle of its own by {@code CustomReceiverPluginIT}:
 * each stream receives the numbers 1 to {@code count}, in lists of ten stored as blocks.
 */
public final class SequenceSourceProvider implements SourceProvider {

    @Override
    public Receiver<?> createReceiver(Config config) {
        int count = config.integer("count", 100);
        return new Receiver<Long>() {
            private volatile Thread thread;

            @Override
            public void onStart(ReceiverContext<Long> context) {
                thread = new Thread(() -> {
                    var block = new ArrayList<Long>();
                    for (long n = 1; n <= count && !context.isStopped(); n++) {
                        block.add(n);
                        if (block.size() == 10 || n == count) {
                            context.store(List.copyOf(block)); // returns once stored
                            block.clear();
                        }
                    }
                    context.reportStatus("sent " + count);
                }, "sequence-source");
                thread.start();
            }

            @Override
            public void onStop() {
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
            }

            @Override
            public String description() {
                return "sequence 1.." + count;
            }
        };
    }
}
