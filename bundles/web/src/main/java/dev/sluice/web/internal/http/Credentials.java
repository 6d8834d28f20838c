package dev.sluice.web.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import dev.sluice.api.ConfigException;

/**
 * The one user of the web view and its password, kept in a file only its owner may read. With no
 * file, a random password is generated into it; a user who wants their own writes it there.
 */
final class Credentials {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String user;
    private final byte[] password;
    private final Path file;

    private Credentials(String user, String password, Path file) {
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.file = file;
    }

    /** Reads the password from {@code file}, generating one there first if the file does not exist. */
    static Credentials loadOrGenerate(String user, Path file) throws IOException {
        if (!Files.exists(file)) {
            generate(file);
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new ConfigException("the web password file " + file + " is empty; write a password into it,"
                    + " or delete it to have one generated");
        }
        return new Credentials(user, password, file);
    }

    private static void generate(Path file) throws IOException {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // written under another name with owner-only rights from the start, then moved: never readable by others
        Path temp = Files.createTempFile(dir, ".web-password", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temp, password + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another start generated it first: keep that one
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether others than the owner may read the file (a password the user wrote with loose rights). */
    boolean readableByOthers() throws IOException {
        var permissions = Files.getPosixFilePermissions(file);
        return permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ);
    }

    String user() {
        return user;
    }

    Path file() {
        return file;
    }

    /** Compared in constant time, so the time of a refusal says nothing of the password. */
    boolean accept(String givenUser, String givenPassword) {
        if (givenUser == null || givenPassword == null) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
                givenUser.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = MessageDigest.isEqual(password, givenPassword.getBytes(StandardCharsets.UTF_8));
        return userMatches & passwordMatches;
    }
}
