package dev.sluice.source.socket.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A plain blocking TCP server on loopback for a receiver to connect to. */
final class TestServer implements AutoCloseable {

    private static final int ACCEPT_TIMEOUT_MILLIS = (int) Await.TIMEOUT.toMillis();

    private final ServerSocket server;

    private TestServer(ServerSocket server) {
        this.server = server;
    }

    /** Listens on a free port. */
    static TestServer start() throws IOException {
        return start(0);
    }

    /** Listens on {@code port}, which may still have connections in TIME_WAIT from an earlier server. */
    static TestServer start(int port) throws IOException {
        var server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server.setSoTimeout(ACCEPT_TIMEOUT_MILLIS);
        return new TestServer(server);
    }

    /** A port on which nothing listens (just closed, so nobody else has it yet). */
    static int freePort() throws IOException {
        try (var server = start()) {
            return server.port();
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits for the receiver to connect. */
    Socket accept() throws IOException {
        return server.accept();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
