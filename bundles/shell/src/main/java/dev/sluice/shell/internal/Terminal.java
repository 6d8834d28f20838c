package dev.sluice.shell.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The process's own standard streams. Gogo replaces System.out and System.err with streams that
 * follow the current command session, so the headless modes write to the file descriptors.
 */
final class Terminal {

    static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    static final PrintStream ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
    static final InputStream IN = new FileInputStream(FileDescriptor.in);

    private Terminal() {
    }
}
