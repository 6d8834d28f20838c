package dev.sluice.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code sluice client [-u USER] [-k KEY] [-p] [--port PORT] ['<command>']}: the shell of the container
 * running from this home, over SSH on the address of etc/dev.sluice.ssh.cfg and the port in
 * data/ssh.port (or {@code --port}'s: a container started beside another from the same home says its own);
 * with a command, runs it and exits with its status. Logs in with etc/client.key unless told
 * otherwise; {@code -p} asks for a password (or takes {@code SLUICE_PASSWORD}). The server must
 * show the host key of etc/host.key, so nothing else can pose as the container.
 */
public final class Client {

    static final int REFUSED = 4;
    static final int NOT_RUNNING = 3;
    static final int USAGE = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Path home;
    private String user = System.getProperty("user.name");
    private Path key;
    private boolean keyGiven;
    private boolean userGiven;
    private boolean askPassword;
    private Integer port;
    private String command;

    Client(Path home) {
        this.home = home;
        this.key = home.resolve("etc/client.key");
    }

    /** Started by bin/sluice with lib/client/ on the class path, apart from the container's launcher. */
    public static void main(String[] args) throws java.net.URISyntaxException {
        System.exit(run(Main.home(), List.of(args)));
    }

    static int run(Path home, List<String> args) {
        var client = new Client(home);
        try {
            client.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sluice: " + e.getMessage());
            System.err.println("Usage: sluice client [-u USER] [-k KEY] [-p] [--port PORT] ['<command>']");
            return USAGE;
        }
        return client.connect();
    }

    void parse(List<String> args) {
        var words = new ArrayList<>(args);
        while (!words.isEmpty() && words.get(0).startsWith("-")) {
            String option = words.remove(0);
            switch (option) {
                case "-u", "--user" -> {
                    user = value(option, words);
                    userGiven = true;
                }
                case "-k", "--key" -> {
                    key = Path.of(value(option, words));
                    keyGiven = true;
                }
                case "-p", "--password" -> askPassword = true;
                case "--port" -> port = port(value(option, words));
                default -> throw new IllegalArgumentException("unknown option " + option + " of client");
            }
        }
        command = words.isEmpty() ? null : String.join(" ", words).strip();
    }

    private static String value(String option, List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return words.remove(0);
    }

    private int connect() {
        String host;
        int port;
        try {
            host = config().getProperty("host", "127.0.0.1").strip();
            port = this.port != null ? this.port : portOfHome();
        } catch (IOException e) {
            System.err.println("sluice: no container is running from " + home + " (" + e.getMessage() + "); sluice start starts one");
            return NOT_RUNNING;
        }
        PublicKey hostKey;
        try {
            hostKey = hostKey();
        } catch (IOException | java.security.GeneralSecurityException e) {
            System.err.println("sluice: cannot read etc/host.key to check the container is who it says (" + e.getMessage()
                    + "); run as the user who started it");
            return REFUSED;
        }
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, serverKey) -> KeyUtils.compareKeys(hostKey, serverKey));
        client.start();
        try (ClientSession session = client.connect(user, connectHost(host), port).verify(TIMEOUT).getSession()) {
            // etc/client.key stands for the user who started the container: not offered for another name or a password
            if ((keyGiven || !(userGiven || askPassword)) && Files.isReadable(key)) {
                for (KeyPair pair : new FileKeyPairProvider(key).loadKeys(session)) {
                    session.addPublicKeyIdentity(pair);
                }
            }
            String password = askPassword ? password() : System.getenv("SLUICE_PASSWORD");
            if (password != null) {
                session.addPasswordIdentity(password);
            }
            try {
                session.auth().verify(TIMEOUT);
            } catch (IOException e) {
                System.err.println("sluice: login refused for " + user + " (no key in etc/authorized_keys or password in"
                        + " etc/users.properties matched)");
                return REFUSED;
            }
            return command == null ? shell(session) : exec(session, command);
        } catch (ConnectException e) {
            System.err.println("sluice: no container is listening on " + host + ":" + port + "; sluice start starts one");
            return NOT_RUNNING;
        } catch (IOException | RuntimeException e) {
            System.err.println("sluice: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        } finally {
            client.stop();
        }
    }

    private static int exec(ClientSession session, String line) throws IOException {
        try (ChannelExec channel = session.createExecChannel(line)) {
            channel.setOut(System.out);
            channel.setErr(System.err);
            channel.setIn(InputStream.nullInputStream());
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), 0);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            System.out.flush();
            Integer status = channel.getExitStatus();
            return status == null ? 1 : status;
        }
    }

    /** The remote shell on this terminal, in raw mode: keys (Ctrl-C too) go to the remote line editor. */
    private static int shell(ClientSession session) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
             ChannelShell channel = session.createShellChannel()) {
            channel.setPtyType(terminal.getType());
            channel.setPtyColumns(terminal.getWidth());
            channel.setPtyLines(terminal.getHeight());
            channel.setIn(terminal.input());
            channel.setOut(terminal.output());
            channel.setErr(terminal.output());
            Attributes saved = terminal.enterRawMode();
            try {
                Attributes raw = terminal.getAttributes();
                raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
                terminal.setAttributes(raw);
                channel.open().verify(TIMEOUT);
                terminal.handle(Terminal.Signal.WINCH, s -> {
                    try {
                        channel.sendWindowChange(terminal.getWidth(), terminal.getHeight());
                    } catch (IOException e) {
                        // the shell ends anyway
                    }
                });
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0);
            } finally {
                terminal.setAttributes(saved);
            }
            Integer status = channel.getExitStatus();
            return status == null ? 0 : status;
        }
    }

    private Properties config() throws IOException {
        var p = new Properties();
        Path file = home.resolve("etc/dev.sluice.ssh.cfg");
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        return p;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--port needs a port number (1-65535), not '" + value + "'");
    }

    private int portOfHome() throws IOException {
        Path file = home.resolve("data/ssh.port");
        if (!Files.exists(file)) {
            throw new IOException("no data/ssh.port");
        }
        return Integer.parseInt(Files.readString(file).strip());
    }

    private PublicKey hostKey() throws IOException, java.security.GeneralSecurityException {
        Path file = home.resolve("etc/host.key");
        if (!Files.isReadable(file)) {
            throw new IOException("not readable");
        }
        return new SimpleGeneratorHostKeyProvider(file).loadKeys(null).iterator().next().getPublic();
    }

    private static String connectHost(String host) {
        return host.equals("0.0.0.0") || host.isEmpty() ? "127.0.0.1" : host;
    }

    private String password() {
        var console = System.console();
        if (console == null) {
            String env = System.getenv("SLUICE_PASSWORD");
            if (env == null) {
                throw new IllegalStateException("-p needs a terminal to ask for the password, or SLUICE_PASSWORD");
            }
            return env;
        }
        char[] typed = console.readPassword("Password for %s: ", user);
        return typed == null ? "" : new String(typed);
    }
}
