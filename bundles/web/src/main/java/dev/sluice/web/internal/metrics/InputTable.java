package dev.sluice.web.internal.metrics;

import java.util.List;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import dev.sluice.api.management.InputMetrics;

/**
 * A stream's inputs as a JMX table, one row per input keyed by its name: its id, its rate in records
 * per second over the latest batches, and its lag (-1 where its source does not tell). A table,
 * because the inputs change with the graph while the MBean's attributes stay the same.
 */
final class InputTable {

    static final String ATTRIBUTE = "inputs";
    static final TabularType TYPE;
    private static final CompositeType ROW;
    private static final String[] COLUMNS = {"name", "streamId", "recordsPerSecond", "lag"};

    static {
        try {
            ROW = new CompositeType("Input", "an input stream of a stream", COLUMNS,
                    new String[] {"the input's name in the graph", "the input's id in the graph",
                        "records per second over the latest completed batches",
                        "records waiting upstream that no batch has taken, -1 if the source does not tell"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.INTEGER, SimpleType.DOUBLE, SimpleType.LONG});
            TYPE = new TabularType("Inputs", "the inputs of a stream", ROW, new String[] {"name"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private InputTable() {
    }

    static TabularData of(List<InputMetrics> inputs) {
        var table = new TabularDataSupport(TYPE);
        for (InputMetrics input : inputs) {
            try {
                table.put(new CompositeDataSupport(ROW, COLUMNS, new Object[] {input.name(), input.streamId(),
                    input.recordsPerSecond(), input.lag().orElse(-1L)}));
            } catch (OpenDataException e) {
                throw new IllegalStateException("input " + input.name() + " does not fit the inputs table", e);
            }
        }
        return table;
    }
}
