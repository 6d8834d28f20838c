package dev.sluice.shell.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Password logins from {@code etc/users.properties}: {@code name = password}, or
 * {@code name = {sha256}HEX} to keep the password itself out of the file. Read at each login, so
 * an edit counts at once; a missing file allows no password login.
 */
final class SshUsers {

    static final String SHA256 = "{sha256}";

    private final Path file;

    SshUsers(Path file) {
        this.file = file;
    }

    boolean accepts(String user, String password) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        var users = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            users.load(in);
        }
        String expected = users.getProperty(user);
        if (expected == null || expected.isBlank() || password == null) {
            return false;
        }
        expected = expected.strip();
        byte[] given = expected.startsWith(SHA256) ? sha256(password).getBytes(StandardCharsets.UTF_8)
                : password.getBytes(StandardCharsets.UTF_8);
        byte[] wanted = (expected.startsWith(SHA256) ? expected.substring(SHA256.length()).toLowerCase(java.util.Locale.ROOT)
                : expected).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, wanted);
    }

    static String sha256(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
