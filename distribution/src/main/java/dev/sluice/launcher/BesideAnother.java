package dev.sluice.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A container started from a home another container already runs from (a second member of a group
 * on one machine, {@code sluice exec} beside {@code sluice run}): the home's SSH and web ports are the
 * first one's, so this one listens on free ones instead of failing to bind, and data/ssh.port (which
 * {@code sluice client} reads) stays the first one's unless this is the background container.
 */
final class BesideAnother {

    /** The SSH shell's port, over etc/dev.sluice.ssh.cfg's (read by the shell bundle). */
    static final String SSH_PORT = "sluice.ssh.port";
    /** {@code false}: the SSH shell does not write data/ssh.port (read by the shell bundle). */
    static final String SSH_PORT_FILE = "sluice.ssh.portFile";
    static final String HTTP_PORT = "org.osgi.service.http.port";
    private static final String HTTP_HOST = "org.apache.felix.http.host";

    private BesideAnother() {
    }

    /** Gives {@code properties} free SSH and web ports, and says where they are when a person is watching. */
    static void takeOwnPorts(Map<String, String> properties, LaunchCommand command, PrintStream err) {
        int ssh = freePort();
        int http = freePort();
        properties.put(SSH_PORT, String.valueOf(ssh));
        properties.put(HTTP_PORT, String.valueOf(http));
        if (!(command instanceof LaunchCommand.Server)) {
            properties.put(SSH_PORT_FILE, "false");
        }
        if (command instanceof LaunchCommand.Run || command instanceof LaunchCommand.Shell) {
            err.println("sluice: another container runs from this home; this one's shell is on port " + ssh
                    + " (sluice client --port " + ssh + ") and its web view on http://"
                    + properties.getOrDefault(HTTP_HOST, "127.0.0.1") + ":" + http + "/sluice/");
        }
    }

    private static int freePort() {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback: " + e.getMessage(), e);
        }
    }
}
