package dev.sluice.itests.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A text server on a free loopback port, as {@code nc -lk} is for the socket source: it sends the lines a test gives. */
final class LineServer implements AutoCloseable {

    private final ServerSocket server;
    private Socket connection;

    LineServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        server.setSoTimeout((int) Await.TIMEOUT.toMillis());
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits for the socket source to connect (again: a stream that restarts connects anew). */
    LineServer awaitConnection() throws IOException {
        try {
            if (connection != null) {
                connection.close();
            }
            connection = server.accept();
            return this;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no socket source connected to port " + port() + " within "
                    + Await.TIMEOUT.toSeconds() + " s");
        }
    }

    void send(String line) throws IOException {
        OutputStream out = connection.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (connection != null) {
            connection.close();
        }
        server.close();
    }
}
