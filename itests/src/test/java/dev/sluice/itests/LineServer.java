package dev.sluice.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A TCP server on a free loopback port that the socket source connects to, like the spec's {@code nc -lk 9999}. */
final class LineServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> clients = new ArrayList<>();

    LineServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        server.setSoTimeout((int) Await.TIMEOUT.toMillis());
    }

    /** {@code host:port}, as the socket source names the server it receives from. */
    String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** The arguments that point {@code network-word-count} at this server, then {@code more}, as stream:start takes them. */
    List<String> arguments(String... more) {
        var args = new ArrayList<String>();
        args.add("host=" + server.getInetAddress().getHostAddress());
        args.add("port=" + server.getLocalPort());
        args.addAll(List.of(more));
        return args;
    }

    /** Waits for the next receiver to connect; a stream that restarts connects again. */
    Connection awaitConnection() throws IOException {
        Socket client = server.accept();
        clients.add(client);
        return new Connection(client.getOutputStream());
    }

    @Override
    public void close() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        server.close();
    }

    static final class Connection {

        private final OutputStream out;

        private Connection(OutputStream out) {
            this.out = out;
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
