package dev.sluice.sink.files.internal;

import dev.sluice.api.Pair;
import dev.sluice.api.SluiceException;
import org.apache.hadoop.io.BooleanWritable;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DoubleWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/** Keys and values of {@code saveAsHadoopFiles} in the form Hadoop writes them. */
final class Writables {

    private Writables() {
    }

    /**
     * The Writable of a value: String as Text, Integer, Long, Double and Boolean as their Writables,
     * byte[] as BytesWritable, null as NullWritable, a Writable as it is, anything else as the Text
     * of its {@code toString()}.
     */
    static Writable of(Object value) {
        if (value == null) {
            return NullWritable.get();
        }
        if (value instanceof Writable w) {
            return w;
        }
        if (value instanceof Integer i) {
            return new IntWritable(i);
        }
        if (value instanceof Long l) {
            return new LongWritable(l);
        }
        if (value instanceof Double d) {
            return new DoubleWritable(d);
        }
        if (value instanceof Boolean b) {
            return new BooleanWritable(b);
        }
        if (value instanceof byte[] bytes) {
            return new BytesWritable(bytes);
        }
        return new Text(value.toString());
    }

    /**
     * {@code value} as an instance of {@code target}, the key or value class given to the output:
     * as it is if it is one, else its Writable ({@link #of}), or Text of any non-null value.
     */
    static Object as(Object value, Class<?> target, String role) {
        if (target.isInstance(value)) {
            return value;
        }
        Writable converted = of(value);
        if (target.isInstance(converted)) {
            return converted;
        }
        if (target == Text.class && value != null) {
            return new Text(value.toString());
        }
        throw new SluiceException("the " + role + " " + value + " (" + typeName(value) + ") is not a "
                + target.getName() + " and does not convert to one; map the " + role + "s to "
                + target.getSimpleName() + " before saveAsHadoopFiles, or declare the " + role + " class "
                + converted.getClass().getSimpleName());
    }

    /** A stream's element as the pair saveAsHadoopFiles writes. */
    static Pair<?, ?> pair(Object element) {
        if (element instanceof Pair<?, ?> pair) {
            return pair;
        }
        throw new SluiceException("hadoop-files writes the key-value pairs of a PairDStream; got the element "
                + element + " (" + typeName(element) + "); make pairs with mapToPair first");
    }

    static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
