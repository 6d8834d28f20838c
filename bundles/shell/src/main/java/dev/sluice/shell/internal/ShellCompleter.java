package dev.sluice.shell.internal;

import dev.sluice.api.management.ClosestName;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamSummary;
import org.apache.felix.service.command.CommandSession;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Tab completion: command names, then what a command takes: applications for the
 * {@code stream:} commands, their keys ({@code port=}) after {@code stream:start <app>}, bundle
 * ids for the framework's bundle commands. Also the one-line error for a line that failed,
 * since it knows the commands to suggest.
 */
final class ShellCompleter {

    /** {@code stream:} commands whose first argument is an application. */
    private static final Set<String> TAKE_APPLICATION = Set.of("start", "stop", "status", "batches", "info", "checkpoint",
            "discardState");
    /** Framework commands that take bundle ids. */
    private static final Set<String> TAKE_BUNDLES = Set.of("start", "stop", "update", "uninstall", "refresh", "resolve",
            "headers", "inspect");

    private final BundleContext context;
    private final Supplier<StreamManager> streams;
    private final ApplicationCatalog applications;

    ShellCompleter(BundleContext context, Supplier<StreamManager> streams, ApplicationCatalog applications) {
        this.context = context;
        this.streams = streams;
        this.applications = applications;
    }

    void complete(CommandSession session, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        if (line.wordIndex() == 0) {
            commands(session).forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        String command = words.get(0);
        boolean stream = isStream(session, command);
        String function = command.substring(command.indexOf(':') + 1);
        List<String> arguments = words.subList(1, line.wordIndex()).stream().filter(w -> !w.startsWith("-")).toList();
        if (stream && TAKE_APPLICATION.contains(function)) {
            if (arguments.isEmpty()) {
                applicationNames().forEach(a -> candidates.add(new Candidate(a)));
            } else if (function.equals("start")) {
                keys(arguments.get(0)).forEach(k -> candidates.add(
                        new Candidate(k + "=", k + "=", null, null, null, null, false)));
            }
        } else if (!stream && TAKE_BUNDLES.contains(function)) {
            for (Bundle b : context.getBundles()) {
                candidates.add(new Candidate(String.valueOf(b.getBundleId()), String.valueOf(b.getBundleId()), null,
                        b.getSymbolicName(), null, null, true));
            }
        }
    }

    /** The one line to show for a failed command: a suggestion for an unknown command, else {@link ErrorText}. */
    String explain(CommandSession session, String line, Exception failure) {
        if (failure.getClass().getSimpleName().equals("CommandNotFoundException")) {
            String typed = line.strip().split("\\s+")[0];
            return "unknown command '" + typed + "'" + ClosestName.didYouMean(typed, commands(session))
                    + "; help lists the commands";
        }
        return ErrorText.of(failure);
    }

    /** Every command, scoped ({@code stream:start}) and as typed without its scope where that finds it. */
    Set<String> commands(CommandSession session) {
        var names = new TreeSet<String>();
        Object registered = session.get(".commands");
        if (registered instanceof Collection<?> all) {
            for (Object c : all) {
                String name = String.valueOf(c);
                names.add(name);
                names.add(name.substring(name.indexOf(':') + 1));
            }
        }
        return names;
    }

    /** Whether {@code command} runs a {@code stream:} command, given the session's scope order. */
    private static boolean isStream(CommandSession session, String command) {
        if (command.startsWith(StreamCommands.SCOPE + ":")) {
            return true;
        }
        if (command.contains(":")) {
            return false;
        }
        Object registered = session.get(".commands");
        boolean framework = registered instanceof Collection<?> all && all.stream().map(String::valueOf)
                .anyMatch(c -> c.equals("felix:" + command) || c.equals("gogo:" + command));
        return !framework;
    }

    private List<String> applicationNames() {
        StreamManager manager = streams.get();
        return manager == null ? List.of() : manager.list().stream().map(StreamSummary::application).sorted().toList();
    }

    private List<String> keys(String application) {
        StreamManager manager = streams.get();
        var keys = new KeyCatalog(manager);
        var names = new TreeSet<String>();
        applications.find(application).ifPresent(a -> keys.applicationKeys(a).forEach(k -> names.add(k.key())));
        if (manager != null) {
            keys.contextKeys().forEach(k -> names.add(k.key()));
        }
        return List.copyOf(names);
    }
}
