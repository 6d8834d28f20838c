package dev.sluice.shell.internal;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

/**
 * The usage line of a {@code stream:} command, read from its method's declaration (the module
 * is compiled with parameter names), e.g. {@code stream:status [-b N] <application>}.
 */
final class Usage {

    private Usage() {
    }

    static Optional<String> of(String function) {
        return methods()
                .filter(m -> m.getName().equals(function) && m.isAnnotationPresent(Descriptor.class))
                .findFirst().map(Usage::line);
    }

    /**
     * The usage of the {@code stream:} command {@code function} when Gogo's complaint lists its
     * signature (e.g. {@code [(int, String)]}); empty for another scope's command of that name.
     */
    static Optional<String> ofSignatures(String function, String gogoMessage) {
        return methods()
                .filter(m -> m.getName().equals(function) && m.isAnnotationPresent(Descriptor.class))
                .filter(m -> gogoMessage.contains(signature(m)))
                .findFirst().map(Usage::line);
    }

    private static java.util.stream.Stream<Method> methods() {
        return java.util.stream.Stream.of(StreamCommands.class, LogCommands.class).flatMap(c -> Arrays.stream(c.getMethods()));
    }

    private static String signature(Method m) {
        return Arrays.stream(m.getParameterTypes()).filter(t -> !t.getName().endsWith("CommandSession"))
                .map(Class::getSimpleName).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    private static String line(Method m) {
        var line = new StringBuilder("usage: " + StreamCommands.SCOPE + ":" + m.getName());
        for (var p : m.getParameters()) {
            if (p.getType().getName().endsWith("CommandSession")) {
                continue;
            }
            Parameter option = p.getAnnotation(Parameter.class);
            if (option != null) {
                String name = option.names()[0];
                line.append(Parameter.UNSPECIFIED.equals(option.presentValue())
                        ? " [" + name + " " + p.getName().toUpperCase(java.util.Locale.ROOT) + "]"
                        : " [" + name + "]");
            } else if (p.isVarArgs()) {
                line.append(" [key=value ...]");
            } else {
                line.append(" <").append(p.getName()).append('>');
            }
        }
        return line.toString();
    }
}
