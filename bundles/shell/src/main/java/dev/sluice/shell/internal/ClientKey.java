package dev.sluice.shell.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * The key {@code sluice client} logs in with when given no credentials: made at the first start
 * of the container, readable only by the user who started it (so only that user, and root, can
 * use it), its public half added to the authorized keys.
 */
final class ClientKey {

    private ClientKey() {
    }

    /** Makes {@code privateKey} and authorizes it, unless it exists; returns whether it was made. */
    static boolean ensure(Path privateKey, Path authorizedKeys) throws IOException, GeneralSecurityException {
        if (Files.exists(privateKey)) {
            return false;
        }
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(privateKey.toAbsolutePath().getParent());
        Path partial = privateKey.resolveSibling(privateKey.getFileName() + ".new");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.TRUNCATE_EXISTING)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "sluice client", null, out);
        }
        String line = PublicKeyEntry.toString(pair.getPublic()) + " sluice-client@" + System.getProperty("user.name", "") + "\n";
        Files.writeString(authorizedKeys, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.move(partial, privateKey, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
