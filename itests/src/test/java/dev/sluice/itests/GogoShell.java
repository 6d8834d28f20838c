package dev.sluice.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/** A Gogo session that runs command lines as a person types them and returns what the shell would show. */
final class GogoShell implements AutoCloseable {

    private final CommandSession session;

    GogoShell(CommandProcessor processor) {
        var out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        // the commands come with the runtime's StreamManager, which may still be on its way
        Await.until("the stream: commands", () -> session.get("stream:list") != null, Boolean::booleanValue);
    }

    /** Runs {@code line} and returns its result formatted as the shell prints it. */
    String execute(String line) throws Exception {
        Object result = session.execute(line);
        return result == null ? "" : session.format(result, Converter.INSPECT).toString();
    }

    /** Runs {@code line}, which must fail, and returns the failure. */
    Exception failureOf(String line) {
        String shown;
        try {
            shown = execute(line);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("'" + line + "' should have failed but showed:\n" + shown);
    }

    @Override
    public void close() {
        session.close();
    }
}
