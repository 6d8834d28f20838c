package dev.sluice.source.socket.internal;

import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.ReceiverContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives UTF-8 lines from a TCP server as a Netty NIO client on one event-loop thread of its own.
 * {@link #onStart} only begins connecting; a connection that cannot be made, fails or ends asks the
 * runtime for a restart, and the runtime's supervisor does the waiting and reconnecting.
 */
final class SocketReceiver implements Receiver<String> {

    /** Heap buffers so that lines decode straight from the backing array; shared so restarts reuse pooled memory. */
    private static final ByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(false);
    private static final long STOP_TIMEOUT_SECONDS = 5;

    private final SocketSettings settings;
    private final AtomicLong droppedLines = new AtomicLong();

    private volatile EventLoopGroup group;
    private volatile LineReceivingHandler handler;

    SocketReceiver(SocketSettings settings) {
        this.settings = settings;
    }

    @Override
    public void onStart(ReceiverContext<String> context) {
        context.reportStatus("connecting to " + settings.address());
        var threads = new DefaultThreadFactory("sluice-socket-" + settings.host() + "-" + settings.port(), true);
        var newGroup = new NioEventLoopGroup(1, threads);
        var newHandler = new LineReceivingHandler(context, settings,
                new LineSplitter(settings.maxLineLength(), description(), droppedLines));
        group = newGroup;
        handler = newHandler;
        new Bootstrap()
                .group(newGroup)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .handler(newHandler)
                .connect(settings.host(), settings.port())
                .addListener((ChannelFutureListener) connected -> {
                    if (!connected.isSuccess()) {
                        newHandler.connectFailed(connected.cause());
                    }
                });
    }

    @Override
    public void onStop() {
        LineReceivingHandler h = handler;
        EventLoopGroup g = group;
        handler = null;
        group = null;
        if (h != null) {
            h.stop();
        }
        if (g == null) {
            return;
        }
        // shutting the group down closes the channel too
        var terminated = g.shutdownGracefully(0, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // the runtime may stop us from our own event-loop thread (inside restart()); waiting there would deadlock
        if (!runsOn(g)) {
            terminated.awaitUninterruptibly(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public String description() {
        return "socket " + settings.address();
    }

    /** Lines dropped for being longer than {@code maxLineLength}, over all connections of this receiver. */
    long droppedLines() {
        return droppedLines.get();
    }

    private static boolean runsOn(EventLoopGroup g) {
        for (EventExecutor executor : g) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
