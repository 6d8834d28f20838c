package dev.sluice.itests.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A text server on a free loopback port, as {@code nc -lk} is for the socket source: it accepts
 * every connection (a stream that starts again connects anew) and sends each line to all of them.
 */
final class LineServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile int accepted;

    LineServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        var acceptor = new Thread(this::acceptAll, "line-server-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptAll() {
        try {
            while (true) {
                connections.add(server.accept());
                accepted++;
            }
        } catch (IOException e) {
            // closed: the test is over
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits until {@code count} connections have been made since the server started. */
    LineServer awaitConnections(int count) {
        Await.until(count + " connections to port " + port(), () -> accepted >= count, () -> accepted + " so far");
        return this;
    }

    /** Sends {@code line} to every connection still open; one the source closed is dropped. */
    void send(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        for (Socket c : connections) {
            try {
                c.getOutputStream().write(bytes);
                c.getOutputStream().flush();
            } catch (IOException e) {
                connections.remove(c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket c : connections) {
            c.close();
        }
    }
}
