package dev.sluice.shell.internal;

import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** What an SSH channel's command needs to hold: its streams, its exit callback, its thread. */
abstract class SshCommand implements Command {

    protected InputStream in;
    protected OutputStream out;
    protected OutputStream err;
    protected ExitCallback exit;
    private Thread thread;

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    /** Runs {@code body} on a thread of its own; its result is the channel's exit status. */
    protected void startThread(String name, java.util.function.IntSupplier body) {
        thread = new Thread(() -> {
            int status = 1;
            try {
                status = body.getAsInt();
            } finally {
                exit.onExit(status);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
