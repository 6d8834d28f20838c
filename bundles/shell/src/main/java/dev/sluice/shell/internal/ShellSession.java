package dev.sluice.shell.internal;

import org.apache.felix.service.command.CommandSession;

/** What every Sluice command session gets, whether local, remote or one-shot. */
final class ShellSession {

    /**
     * Where an unscoped command is looked up, in order: Gogo's built-ins, then the framework's
     * ({@code start 25}, {@code stop 25}, {@code update 25} act on bundles as in any Felix or
     * Karaf shell), then Sluice's ({@code list}, {@code status}, {@code info}), then the rest.
     */
    static final String SCOPE_PATH = "gogo:felix:" + StreamCommands.SCOPE + ":*";

    private ShellSession() {
    }

    static CommandSession configure(CommandSession session) {
        session.put("SCOPE", SCOPE_PATH);
        return session;
    }
}
