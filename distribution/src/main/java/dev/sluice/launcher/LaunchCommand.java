package dev.sluice.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code bin/sluice} was asked to do, and the framework properties that tell the container. */
sealed interface LaunchCommand {

    String USAGE = """
            Usage: sluice                               an interactive shell in a new container
                   sluice run [--log-level L] <app> [key=value ...]
                                                        runs one application until stopped (Ctrl-C)
                   sluice run [--log-level L] <file.cfg> [key=value ...]
                                                        runs the stream a file declares; keys given override the file's
                   sluice exec '<command>'              runs one shell command in a new container
                   sluice start | stop | status         the container in the background: start it, stop it
                                                        gracefully, say whether it runs
                   sluice client [--port P] ['<command>']
                                                        a shell in the running container, or one command
                   sluice help                          this text
            Examples:
                   sluice run network-word-count port=9999 batch=1s
                   sluice run examples/network-word-count.cfg source.port=9999
                   sluice exec 'stream:info network-word-count'
                   sluice start && sluice client 'stream:start network-word-count'""";

    /** The framework property with the console's log threshold (etc/org.ops4j.pax.logging.cfg reads it). */
    String LOG_CONSOLE = "sluice.log.console";
    /** Where print() writes batches: standard output, or {@code log} (the console sink reads it). */
    String PRINT = "sluice.print";
    /** How run's arguments travel in one framework property: a character no argument typed has. */
    String ARGUMENT_SEPARATOR = "\u001f";

    /**
     * The console's log threshold when neither {@code --log-level}, {@code -Dsluice.log.console}
     * nor etc/config.properties sets one: warnings for run (batch delays go to the log file); the
     * shell's prompt and exec's result stay clean.
     */
    String logToConsole();

    /**
     * Whether applications started with {@code stream:start} in this container are remembered and
     * started again by the next one: for the shell and the background container, not for run or exec.
     */
    default boolean remembersStreams() {
        return false;
    }

    /** The properties that select this mode in the container (read by the sluice-shell bundle and Gogo). */
    default Map<String, String> frameworkProperties() {
        return new LinkedHashMap<>();
    }

    record Shell() implements LaunchCommand {

        @Override
        public boolean remembersStreams() {
            return true;
        }

        @Override
        public String logToConsole() {
            return "OFF";
        }

        @Override
        public Map<String, String> frameworkProperties() {
            var p = LaunchCommand.super.frameworkProperties();
            p.put("gosh.args", "--nointeractive"); // the sluice-shell bundle's line editor is the console
            p.put("sluice.console", "true");
            p.put(PRINT, "log"); // print() of a running stream must not write over the prompt
            return p;
        }
    }

    /** The container with no console at all, for {@code sluice start}: reached with {@code sluice client}. */
    record Server() implements LaunchCommand {

        @Override
        public boolean remembersStreams() {
            return true;
        }

        @Override
        public String logToConsole() {
            return "OFF";
        }

        @Override
        public Map<String, String> frameworkProperties() {
            var p = LaunchCommand.super.frameworkProperties();
            p.put("gosh.args", "--nointeractive");
            p.put(PRINT, "log"); // there is no console to print to
            return p;
        }
    }

    /** {@code application} is an application's name, or the path of a declared stream's file (see {@link #declared()}). */
    record Run(String application, List<String> arguments, String logLevel) implements LaunchCommand {

        Run(String application, List<String> arguments) {
            this(application, arguments, null);
        }

        /** A path ending in .cfg, or with a folder in it, is a declared stream's file; application names have neither. */
        boolean declared() {
            return application.endsWith(".cfg") || application.contains("/");
        }

        @Override
        public String logToConsole() {
            return logLevel == null ? "WARN" : logLevel;
        }

        @Override
        public Map<String, String> frameworkProperties() {
            var p = LaunchCommand.super.frameworkProperties();
            if (logLevel != null) {
                p.put(LOG_CONSOLE, logLevel);
            }
            p.put(declared() ? "sluice.run.file" : "sluice.run", application);
            p.put("sluice.run.args", String.join(ARGUMENT_SEPARATOR, arguments));
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

    /** {@code stream:start} anywhere in a command line. */
    java.util.regex.Pattern STARTS_A_STREAM = java.util.regex.Pattern.compile("(^|[\\s;|({])stream:start\\b");

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
            case "server" -> {
                expectNoMore(args, 1);
                yield new Server();
            }
            case "help", "-h", "--help" -> new Help();
            default -> throw new IllegalArgumentException("unknown command '" + mode + "'; use run, exec, start, stop, status, client or help");
        };
    }

    private static Run run(List<String> rest) {
        String level = null;
        List<String> words = rest;
        if (!words.isEmpty() && (words.get(0).equals("--log-level") || words.get(0).startsWith("--log-level="))) {
            boolean joined = words.get(0).contains("=");
            if (!joined && words.size() < 2) {
                throw new IllegalArgumentException("--log-level needs a level: error, warn, info, debug or off");
            }
            level = logLevel(joined ? words.get(0).substring("--log-level=".length()) : words.get(1));
            words = words.subList(joined ? 1 : 2, words.size());
        }
        if (words.isEmpty() || words.get(0).isBlank()) {
            throw new IllegalArgumentException("run needs the application to run, e.g. sluice run network-word-count");
        }
        for (String arg : words.subList(1, words.size())) {
            if (arg.contains(ARGUMENT_SEPARATOR)) {
                throw new IllegalArgumentException("argument '" + arg + "' contains a control character; write key=value");
            }
        }
        var run = new Run(words.get(0), List.copyOf(words.subList(1, words.size())), level);
        if (run.declared() && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(run.application()))) {
            throw new IllegalArgumentException("no file '" + run.application() + "'; run takes an application's name"
                    + " or the path of a file that declares a stream, e.g. examples/network-word-count.cfg");
        }
        return run;
    }

    private static String logLevel(String level) {
        String upper = level.strip().toUpperCase(java.util.Locale.ROOT);
        if (!List.of("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(upper)) {
            throw new IllegalArgumentException("unknown log level '" + level + "'; use error, warn, info, debug or off");
        }
        return upper;
    }

    private static Exec exec(List<String> rest) {
        String line = String.join(" ", rest).strip();
        if (line.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command, e.g. sluice exec 'stream:list'");
        }
        if (STARTS_A_STREAM.matcher(line).find()) {
            // the container exec makes stops when the command ends, and the stream with it
            throw new IllegalArgumentException("exec runs the command in a new container that stops right after it,"
                    + " so the stream would stop at once; use sluice client '" + line
                    + "' for the running container (sluice start starts one) or sluice run <app> [key=value ...]");
        }
        return new Exec(line);
    }

    private static void expectNoMore(List<String> args, int expected) {
        if (args.size() > expected) {
            throw new IllegalArgumentException("unexpected '" + args.get(expected) + "'; use run, exec, start, stop, status, client or help");
        }
    }
}
