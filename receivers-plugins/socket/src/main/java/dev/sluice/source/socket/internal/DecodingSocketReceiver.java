package dev.sluice.source.socket.internal;

import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.ReceiverContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Iterator;
import java.util.function.Function;

/**
 * The spec's {@code socketStream}: connects to a TCP server and hands the connection's input
 * stream to the application's decoder, storing each record its iterator gives. Blocking reads on
 * a thread of its own, as the decoder pulls bytes at its own pace; when the connection ends or
 * the decoder fails, the runtime restarts the receiver, which connects again.
 */
final class DecodingSocketReceiver<T> implements Receiver<T> {

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int BUFFER = 64 * 1024;

    private final SocketSettings settings;
    private final Function<InputStream, Iterator<T>> decoder;
    private volatile Socket socket;
    private volatile Thread reader;

    DecodingSocketReceiver(SocketSettings settings, Function<InputStream, Iterator<T>> decoder) {
        this.settings = settings;
        this.decoder = decoder;
    }

    @Override
    public void onStart(ReceiverContext<T> context) {
        context.reportStatus("connecting to " + settings.address());
        var s = new Socket();
        socket = s;
        var thread = new Thread(() -> receive(s, context), "sluice-socket-decoder-" + settings.address());
        thread.setDaemon(true);
        reader = thread;
        thread.start();
    }

    private void receive(Socket s, ReceiverContext<T> context) {
        try {
            s.connect(new InetSocketAddress(settings.host(), settings.port()), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            restart(context, "cannot connect to " + settings.address() + ": " + e.getMessage(), e);
            return;
        }
        context.reportStatus("connected to " + settings.address());
        try (InputStream in = new BufferedInputStream(s.getInputStream(), BUFFER)) {
            Iterator<T> records = decoder.apply(in);
            while (!context.isStopped() && records.hasNext()) {
                context.store(records.next());
            }
            restart(context, settings.address() + " closed the connection", null);
        } catch (IOException | RuntimeException e) {
            // a decoder reading a closed stream sees it as its own exception: name the decoder only if we are not stopping
            restart(context, "lost the connection to " + settings.address() + " or the decoder failed: " + e, e);
        }
    }

    private static void restart(ReceiverContext<?> context, String reason, Throwable cause) {
        if (!context.isStopped()) {
            context.restart(reason, cause);
        }
    }

    @Override
    public void onStop() {
        Socket s = socket;
        Thread t = reader;
        if (s != null) {
            try {
                s.close(); // unblocks a read in progress
            } catch (IOException e) {
                // closing is all we wanted
            }
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String description() {
        return "socket " + settings.address() + " (decoded)";
    }
}
