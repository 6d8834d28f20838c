package dev.sluice.launcher;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** {@code bin/sluice}: starts a Sluice container; see {@link LaunchCommand#USAGE}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LaunchCommand command;
        try {
            command = LaunchCommand.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("sluice: " + e.getMessage());
            System.err.println(LaunchCommand.USAGE);
            System.exit(2);
            return;
        }
        if (command instanceof LaunchCommand.Help) {
            System.out.println(LaunchCommand.USAGE);
            return;
        }
        int status;
        Container container = null;
        try {
            container = new Container(home(), command, System.err);
            status = container.run();
        } catch (Exception e) {
            System.err.println("sluice: " + e.getMessage());
            status = 1;
        }
        if (container != null && container.stoppedBySignal()) {
            System.exit(status); // in the JVM's shutdown already: waits for the container's own hook to finish
        }
        // The container has stopped and released its cache. Halting skips the JVM's shutdown hooks,
        // which matters for the one Hadoop registers: it would load classes from the Hadoop bundle,
        // whose class loader is gone by now (NoClassDefFoundError ... ShutdownHookManager$2).
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /** {@code bin/sluice} says where the home is; otherwise it is the folder above {@code lib/sluice-launcher.jar}. */
    static Path home() throws URISyntaxException {
        String home = System.getProperty(Container.HOME);
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.toAbsolutePath().getParent().getParent();
    }
}
