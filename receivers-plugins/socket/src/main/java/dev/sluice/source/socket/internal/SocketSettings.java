package dev.sluice.source.socket.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;

/** The settings of one socket input stream, checked once when the receiver is made. */
record SocketSettings(String host, int port, int maxLineLength) {

    static final String HOST = "host";
    static final String PORT = "port";
    static final String MAX_LINE_LENGTH = "maxLineLength";

    static final String DEFAULT_HOST = "localhost";
    static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;
    /** Keeps the partial-line buffer well inside what one Java array can hold. */
    static final int LARGEST_MAX_LINE_LENGTH = 1 << 30;

    static SocketSettings from(Config config) {
        String host = config.string(HOST, DEFAULT_HOST).trim();
        if (host.isEmpty()) {
            throw new ConfigException("the socket source needs a host name or address, e.g. host=localhost");
        }
        if (!config.has(PORT)) {
            throw new ConfigException("the socket source needs the port to connect to, e.g. port=9999");
        }
        int port = config.integer(PORT, 0);
        if (port < 1 || port > 65535) {
            throw new ConfigException("port must be between 1 and 65535, got " + port);
        }
        long maxLineLength = config.size(MAX_LINE_LENGTH, DEFAULT_MAX_LINE_LENGTH);
        if (maxLineLength < 1 || maxLineLength > LARGEST_MAX_LINE_LENGTH) {
            throw new ConfigException(MAX_LINE_LENGTH + " must be between 1 and 1g, got " + maxLineLength);
        }
        return new SocketSettings(host, port, (int) maxLineLength);
    }

    /** {@code host:port}, as messages and status name the server. */
    String address() {
        return host + ":" + port;
    }
}
