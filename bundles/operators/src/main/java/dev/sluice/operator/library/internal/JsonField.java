package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code json-field}: a field of each JSON object line, as text; lines that are not JSON objects,
 * or lack the field, or hold an object or array there, are dropped.
 */
@Component(service = OperatorProvider.class)
@OperatorType("json-field")
public final class JsonField implements OperatorProvider {

    static final Parameter FIELD = Parameter.of("field", null, "the field's name; a.b for field b of object a");

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        String[] path = pathOf(config, "json-field");
        return Streams.<Object>of(input).flatMap(e -> textAt(String.valueOf(e), path).stream().toList());
    }

    static String[] pathOf(Config config, String operator) {
        String field = config.get("field").orElseThrow(() ->
                new ConfigException(operator + " needs field, the JSON field to take, e.g. field=user.name"));
        return field.split("\\.");
    }

    /** The field's value as text, if it is a string, number or boolean. */
    static Optional<String> textAt(String line, String[] path) {
        return Json.field(line, path).filter(v -> !(v instanceof Map) && !(v instanceof List)).map(String::valueOf);
    }

    @Override
    public String description() {
        return "one field of each JSON object line";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(FIELD);
    }
}
