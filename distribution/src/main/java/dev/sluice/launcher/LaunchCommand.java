package dev.sluice.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code bin/sluice} was asked to do, and the framework properties that tell the container. */
sealed interface LaunchCommand {

    String USAGE = """
            Usage: sluice                               an interactive shell (Gogo) in a new container
                   sluice run <app> [key=value ...]     runs one application until stopped (Ctrl-C)
                   sluice exec '<command>'              runs one shell command in a new container
                   sluice help                          this text
            Examples:
                   sluice run network-word-count port=9999 batch=1s
                   sluice exec 'stream:list'""";

    /** The console's log threshold: run shows INFO (batch delays); the shell's prompt and exec's result stay clean. */
    String logToConsole();

    /** The properties that select this mode in the container (read by the sluice-shell bundle and Gogo). */
    default Map<String, String> frameworkProperties() {
        var p = new LinkedHashMap<String, String>();
        p.put("sluice.log.console", logToConsole());
        return p;
    }

    record Shell() implements LaunchCommand {

        @Override
        public String logToConsole() {
            return "OFF";
        }
    }

    record Run(String application, List<String> arguments) implements LaunchCommand {

        @Override
        public String logToConsole() {
            return "INFO";
        }

        @Override
        public Map<String, String> frameworkProperties() {
            var p = LaunchCommand.super.frameworkProperties();
            p.put("sluice.run", application);
            p.put("sluice.run.args", String.join(" ", arguments));
            p.put("gosh.args", "--nointeractive");
            return p;
        }
    }

    record Exec(String line) implements LaunchCommand {

        @Override
        public String logToConsole() {
            return "OFF";
        }

        @Override
        public Map<String, String> frameworkProperties() {
            var p = LaunchCommand.super.frameworkProperties();
            p.put("sluice.exec", line);
            p.put("gosh.args", "--nointeractive");
            return p;
        }
    }

    record Help() implements LaunchCommand {

        @Override
        public String logToConsole() {
            return "OFF";
        }
    }

    /** Reads the command line; a mistake is an {@link IllegalArgumentException} saying what is wrong. */
    static LaunchCommand parse(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("shell")) {
            expectNoMore(args, 1);
            return new Shell();
        }
        String mode = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (mode) {
            case "run" -> run(rest);
            case "exec" -> exec(rest);
            case "help", "-h", "--help" -> new Help();
            default -> throw new IllegalArgumentException("unknown command '" + mode + "'; use run, exec or help");
        };
    }

    private static Run run(List<String> rest) {
        if (rest.isEmpty() || rest.get(0).isBlank()) {
            throw new IllegalArgumentException("run needs the application to run, e.g. sluice run network-word-count");
        }
        for (String arg : rest.subList(1, rest.size())) {
            // the container gets the arguments as one space-separated property
            if (arg.isBlank() || arg.strip().chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("argument '" + arg + "' contains white space; write key=value");
            }
        }
        return new Run(rest.get(0), List.copyOf(rest.subList(1, rest.size())));
    }

    private static Exec exec(List<String> rest) {
        String line = String.join(" ", rest).strip();
        if (line.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command, e.g. sluice exec 'stream:list'");
        }
        return new Exec(line);
    }

    private static void expectNoMore(List<String> args, int expected) {
        if (args.size() > expected) {
            throw new IllegalArgumentException("unexpected '" + args.get(expected) + "'; use run, exec or help");
        }
    }
}
