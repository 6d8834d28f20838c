package dev.sluice.source.socket.internal;

import dev.sluice.api.spi.ReceiverContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one connection: stores the complete lines of each read as their bytes (the runtime cuts
 * them into blocks on line boundaries and makes strings only when a batch reads them) and asks the
 * runtime for a restart when the connection cannot be made, fails or ends. A restart is asked for
 * at most once per connection, and never once the receiver is stopping.
 */
final class LineReceivingHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LineReceivingHandler.class);

    private final ReceiverContext<String> context;
    private final SocketSettings settings;
    private final LineSplitter splitter;
    /** Set when a restart was asked for or the receiver stopped: from then on this connection reports nothing. */
    private final AtomicBoolean finished = new AtomicBoolean();

    // touched by the event-loop thread only
    private Throwable failure;
    /** Made once: every read stores through it. */
    private final LineSplitter.Sink storeLines;

    LineReceivingHandler(ReceiverContext<String> context, SocketSettings settings, LineSplitter splitter) {
        this.context = context;
        this.settings = settings;
        this.splitter = splitter;
        this.storeLines = (text, offset, length) -> {
            // may wait when a rate limit applies; that stops reading and lets TCP slow the sender
            if (!stopping()) {
                context.storeLines(text, offset, length);
            }
        };
    }

    /** Called by the receiver's {@code onStop}: the connection is being closed on purpose. */
    void stop() {
        finished.set(true);
    }

    void connectFailed(Throwable cause) {
        requestRestart("cannot connect to " + settings.address() + ": " + describe(cause), cause);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        LOG.info("Connected to {}, receiving lines", settings.address());
        context.reportStatus("connected to " + settings.address());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            splitter.split(bytes, storeLines);
        } finally {
            bytes.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        splitter.finish(storeLines);
        Throwable cause = failure;
        requestRestart(cause == null
                ? settings.address() + " closed the connection"
                : "lost the connection to " + settings.address() + ": " + describe(cause), cause);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        if (ctx.channel().isActive()) {
            ctx.close(); // channelInactive follows and asks for the restart with this cause
        } else {
            requestRestart("lost the connection to " + settings.address() + ": " + describe(cause), cause);
        }
    }

    private boolean stopping() {
        return finished.get() || context.isStopped();
    }

    private void requestRestart(String reason, Throwable cause) {
        if (finished.compareAndSet(false, true) && !context.isStopped()) {
            LOG.debug("Asking for a restart of the receiver for {}: {}", settings.address(), reason);
            context.restart(reason, cause);
        }
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
