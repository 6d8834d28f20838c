package dev.sluice.runtime.internal.declared;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.management.ClosestName;
import dev.sluice.runtime.internal.settings.ContextSettings;
import dev.sluice.runtime.internal.settings.Setting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stream declared in a configuration file (Java properties, as a Karaf {@code .cfg}):
 * <pre>
 * source = socket               the source plugin, and its keys as source.KEY
 * source.port = 9999
 * stages = words, counts        the operator stages in order, each stage.NAME = operator type,
 * stage.words = split-words     and its keys as stage.NAME.KEY
 * stage.counts = count-by-value
 * outputs = print               the outputs, each sink.NAME = sink type, its keys as sink.NAME.KEY
 * sink.print = console
 * batch = 1s                    and any context key (batch, checkpoint, parallelism, ...)
 * </pre>
 * A key it does not know, a stage or output listed but not defined (or the other way round) is
 * refused with the file, the key and what is valid.
 */
public record StreamDeclaration(String name, String source, Config sourceConfig, List<Stage> stages,
                                List<Output> outputs, Config contextArgs) {

    /** An operator stage: its name, operator type and keys. */
    public record Stage(String name, String type, Config config) {
    }

    /** An output: its name, sink type and keys. */
    public record Output(String name, String type, Config config) {
    }

    static final String NAME = "name";
    static final String SOURCE = "source";
    static final String STAGES = "stages";
    static final String STAGE = "stage.";
    static final String OUTPUTS = "outputs";
    static final String SINK = "sink.";

    /** The key that names the file {@code bin/sluice run FILE} declared a stream from (FileInstall has its own). */
    public static final String RUN_FILE = "sluice.declared.file";

    /** Keys the container's configuration tools add (Config Admin, FileInstall, DS, bin/sluice run): not the user's. */
    private static final List<String> FOREIGN = List.of("service.", "felix.", "component.", "osgi.", "objectClass",
            RUN_FILE);

    /** The declaration in {@code properties}, read from {@code file}; {@code defaultName} names it unless it says otherwise. */
    public static StreamDeclaration parse(String file, String defaultName, Map<String, ?> properties) {
        var values = new LinkedHashMap<String, String>();
        properties.forEach((k, v) -> {
            if (FOREIGN.stream().noneMatch(k::startsWith)) {
                values.put(k, String.valueOf(v).trim());
            }
        });
        return new Parser(file, values).parse(defaultName);
    }

    private record Parser(String file, Map<String, String> values) {

        StreamDeclaration parse(String defaultName) {
            String source = required(SOURCE, "the source plugin's type, e.g. source = socket");
            List<String> stageNames = names(STAGES);
            List<String> outputNames = names(OUTPUTS);
            if (outputNames.isEmpty()) {
                throw error(OUTPUTS, "is missing: list the outputs, e.g. outputs = print, with sink.print = console");
            }
            var stages = new ArrayList<Stage>();
            stageNames.forEach(n -> stages.add(new Stage(n, required(STAGE + n, "the operator type of stage " + n),
                    under(STAGE + n + "."))));
            var outputs = new ArrayList<Output>();
            outputNames.forEach(n -> outputs.add(new Output(n, required(SINK + n, "the sink type of output " + n),
                    under(SINK + n + "."))));
            var context = new LinkedHashMap<String, String>();
            Set<String> contextKeys = contextKeys();
            for (String key : values.keySet()) {
                if (contextKeys.contains(key)) {
                    context.put(key, values.get(key));
                } else if (!known(key, stageNames, outputNames)) {
                    throw unknown(key, stageNames, outputNames);
                }
            }
            Config contextArgs = Config.of(context);
            try {
                ContextSettings.validate(contextArgs);
            } catch (ConfigException e) {
                throw new ConfigException(file + ": " + e.getMessage());
            }
            return new StreamDeclaration(values.getOrDefault(NAME, defaultName), source, under(SOURCE + "."),
                    List.copyOf(stages), List.copyOf(outputs), contextArgs);
        }

        private boolean known(String key, List<String> stages, List<String> outputs) {
            if (key.equals(NAME) || key.equals(SOURCE) || key.equals(STAGES) || key.equals(OUTPUTS)
                    || key.startsWith(SOURCE + ".")) {
                return true;
            }
            if (key.startsWith(STAGE)) {
                return stages.contains(nameIn(key.substring(STAGE.length())));
            }
            return key.startsWith(SINK) && outputs.contains(nameIn(key.substring(SINK.length())));
        }

        private static String nameIn(String rest) {
            int dot = rest.indexOf('.');
            return dot < 0 ? rest : rest.substring(0, dot);
        }

        private ConfigException unknown(String key, List<String> stages, List<String> outputs) {
            if (key.startsWith(STAGE)) {
                return error(key, "names a stage that is not in stages (" + String.join(", ", stages)
                        + "); add it there or remove the key");
            }
            if (key.startsWith(SINK)) {
                return error(key, "names an output that is not in outputs (" + String.join(", ", outputs)
                        + "); add it there or remove the key");
            }
            var valid = new TreeSet<>(contextKeys());
            valid.addAll(List.of(NAME, SOURCE, "source.KEY", STAGES, "stage.NAME", "stage.NAME.KEY", OUTPUTS,
                    "sink.NAME", "sink.NAME.KEY"));
            return error(key, "is not a key of a declared stream" + ClosestName.didYouMean(key, valid) + " (valid keys: "
                    + String.join(", ", valid) + ")");
        }

        private String required(String key, String what) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                throw error(key, "is missing: " + what);
            }
            return v;
        }

        private List<String> names(String key) {
            String list = values.getOrDefault(key, "");
            var names = new LinkedHashSet<String>();
            for (String n : Arrays.stream(list.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList()) {
                if (!names.add(n)) {
                    throw error(key, "lists '" + n + "' twice");
                }
            }
            return List.copyOf(names);
        }

        /** The keys under {@code prefix}, without it. */
        private Config under(String prefix) {
            var m = new LinkedHashMap<String, String>();
            values.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    m.put(k.substring(prefix.length()), v);
                }
            });
            return Config.of(m);
        }

        private ConfigException error(String key, String problem) {
            return new ConfigException(file + ": " + key + " " + problem);
        }

        private static Set<String> contextKeys() {
            var keys = new LinkedHashSet<String>();
            ContextSettings.ALL.stream().map(Setting::key).forEach(keys::add);
            return keys;
        }
    }
}
