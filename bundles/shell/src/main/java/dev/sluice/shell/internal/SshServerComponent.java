package dev.sluice.shell.internal;

import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import dev.sluice.api.management.StreamManager;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container's shell over SSH, for {@code sluice client}: on loopback by default, logins by
 * public key ({@code etc/authorized_keys}) or password ({@code etc/users.properties}), a shell or
 * one command per channel, and nothing else (no SFTP, SCP or forwarding). Configured by
 * {@code etc/dev.sluice.ssh.cfg}; without it there is no server.
 */
@Component(configurationPid = SshServerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class SshServerComponent {

    static final String PID = "dev.sluice.ssh";

    /** Where the port the server listens on is written, for the client (port = 0 picks a free one). */
    static final String PORT_FILE = "data/ssh.port";
    /** Framework properties the launcher sets for a container started beside another from the same home. */
    static final String PORT_PROPERTY = "sluice.ssh.port";
    static final String PORT_FILE_PROPERTY = "sluice.ssh.portFile";

    private static final Logger LOG = LoggerFactory.getLogger(SshServerComponent.class);

    @interface Config {
        String host() default "127.0.0.1";

        int port() default 8101;

        String hostKey() default "etc/host.key";

        String authorizedKeys() default "etc/authorized_keys";

        String clientKey() default "etc/client.key";

        String users() default "etc/users.properties";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StreamManager streams;

    /** Null when the port could not be bound: the container runs on without its SSH shell. */
    private final SshServer server;
    /** Null when this container does not write data/ssh.port (another one from this home does). */
    private final Path portFile;

    @Activate
    public SshServerComponent(BundleContext context, Config config, @Reference CommandProcessor processor,
                              @Reference ApplicationCatalog applications) throws IOException, GeneralSecurityException {
        Path home = Path.of(context.getProperty("sluice.home") == null ? "." : context.getProperty("sluice.home"));
        Path authorized = home.resolve(config.authorizedKeys());
        if (ClientKey.ensure(home.resolve(config.clientKey()), authorized)) {
            LOG.info("Made the client key {} for sluice client; it is readable by this user only",
                    home.resolve(config.clientKey()));
        }
        var completer = new ShellCompleter(context, () -> streams, applications);
        String name = context.getProperty("sluice.name") == null ? "sluice" : context.getProperty("sluice.name");
        String greeting = LocalConsole.greeting(home);

        // a second container from this home gets a free port from the launcher, over the file's
        String givenPort = context.getProperty(PORT_PROPERTY);
        int port = givenPort == null ? config.port() : Integer.parseInt(givenPort);
        // SSHD loads its security providers through the context class loader: its own bundle's
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SshServer.class.getClassLoader());
        SshServer started;
        try {
            started = start(config, port, home, authorized, processor, completer, name, greeting);
        } catch (IOException e) {
            Throwable root = rootCause(e);
            if (!(root instanceof BindException)) {
                throw e;
            }
            // the container and its streams go on; the shell just cannot be reached over SSH
            LOG.error("The SSH shell (sluice client) is not started: {}:{} cannot be bound ({}). Another program"
                    + " may listen there: give this container another port in etc/dev.sluice.ssh.cfg (port = 0 takes"
                    + " a free one, which sluice client finds)", config.host(), port, root.getMessage());
            started = null;
        } finally {
            thread.setContextClassLoader(previous);
        }
        server = started;
        if (server == null || "false".equals(context.getProperty(PORT_FILE_PROPERTY))) {
            portFile = null;
        } else {
            portFile = home.resolve(PORT_FILE);
            Files.createDirectories(portFile.getParent());
            Files.writeString(portFile, String.valueOf(server.getPort()), StandardCharsets.UTF_8);
        }
        if (server != null) {
            LOG.info("SSH shell listening on {}:{} (sluice client{})", config.host(), server.getPort(),
                    portFile == null ? " --port " + server.getPort() : "");
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private static SshServer start(Config config, int port, Path home, Path authorized, CommandProcessor processor,
                                   ShellCompleter completer, String name, String greeting) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(config.host());
        server.setPort(port);
        var hostKey = new SimpleGeneratorHostKeyProvider(home.resolve(config.hostKey()));
        hostKey.loadKeys(null); // made now, not at the first login: the client checks the server against it
        server.setKeyPairProvider(hostKey);
        server.setPublickeyAuthenticator(publicKeys(authorized));
        server.setPasswordAuthenticator(passwords(new SshUsers(home.resolve(config.users()))));
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setSubsystemFactories(List.of());
        server.setShellFactory(channel -> new SshShell(processor, completer, home.resolve("data/history"), name, greeting));
        server.setCommandFactory((channel, line) -> new SshExec(processor, line));
        server.start();
        return server;
    }

    @Deactivate
    void deactivate() throws IOException {
        if (portFile != null) {
            Files.deleteIfExists(portFile);
        }
        if (server != null) {
            server.stop(true);
        }
    }

    private static PublickeyAuthenticator publicKeys(Path authorized) {
        var keys = new AuthorizedKeysAuthenticator(authorized);
        return (user, key, session) -> {
            boolean ok = keys.authenticate(user, key, session);
            if (!ok) {
                LOG.warn("SSH login refused: a key of {} from {} is not in {}", user, session.getClientAddress(), authorized);
            }
            return ok;
        };
    }

    private static PasswordAuthenticator passwords(SshUsers users) {
        return (user, password, session) -> {
            boolean ok;
            try {
                ok = users.accepts(user, password);
            } catch (IOException e) {
                LOG.warn("Could not read the SSH users: {}", e.getMessage());
                ok = false;
            }
            if (!ok) {
                LOG.warn("SSH login refused: wrong user or password for {} from {}", user, session.getClientAddress());
            }
            return ok;
        };
    }
}
