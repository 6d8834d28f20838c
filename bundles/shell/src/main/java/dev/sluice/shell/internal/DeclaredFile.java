package dev.sluice.shell.internal;

import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Properties;

/**
 * A declared stream's file as {@code bin/sluice run FILE key=value ...} gives it to the runtime: its
 * keys (Java properties, as a {@code .cfg} in etc/) with the command line's winning, the stream's
 * name (its {@code name} key, else the file's name without {@code .cfg}), and the entry the runtime
 * lists it under if it refuses the file (the file's own name).
 */
record DeclaredFile(String file, Hashtable<String, Object> properties) {

    /** The runtime's factory PID of declared streams. */
    static final String PID = "dev.sluice.stream";
    /** The key naming the file, for the runtime's messages (FileInstall gives its own to the files it reads). */
    static final String FILE_KEY = "sluice.declared.file";
    private static final String NAME = "name";

    static DeclaredFile read(String file, Config overrides) {
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new SluiceException("cannot read " + file + ": " + e.getMessage());
        }
        var keys = new Hashtable<String, Object>();
        properties.stringPropertyNames().forEach(k -> keys.put(k, properties.getProperty(k).strip()));
        keys.putAll(overrides.asMap());
        keys.put(FILE_KEY, file);
        return new DeclaredFile(file, keys);
    }

    /** The file's own name: what a refused file is listed as. */
    String entry() {
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /** The stream's name, as the runtime gives it. */
    String name() {
        Object name = properties.get(NAME);
        if (name != null && !name.toString().isBlank()) {
            return name.toString();
        }
        String base = entry();
        if (base.startsWith(PID + "-")) {
            base = base.substring(PID.length() + 1);
        }
        return base.endsWith(".cfg") ? base.substring(0, base.length() - 4) : base;
    }
}
