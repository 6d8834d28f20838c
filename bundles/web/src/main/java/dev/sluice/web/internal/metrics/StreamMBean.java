package dev.sluice.web.internal.metrics;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamMetrics;

/**
 * A stream as an MBean, {@code sluice:type=Stream,name=<application>}: one read-only attribute per
 * {@link StreamFigure}, under Spark's names (a standard MBean would capitalise them), plus its state
 * and its inputs as a table.
 */
final class StreamMBean implements DynamicMBean {

    static final String STATE = "state";

    private final String application;
    private final StreamManager streams;

    StreamMBean(String application, StreamManager streams) {
        this.application = application;
        this.streams = streams;
    }

    /** Plain names as they are; others quoted, as JMX requires for commas, colons, quotes and the like. */
    static ObjectName nameOf(String application) {
        String value = application.matches("[A-Za-z0-9._-]+") ? application : ObjectName.quote(application);
        try {
            return new ObjectName("sluice:type=Stream,name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no MBean name can be made of application '" + application + "'", e);
        }
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        StreamMetrics metrics = streams.metrics(application);
        if (STATE.equals(attribute)) {
            return metrics.state().name();
        }
        if (InputTable.ATTRIBUTE.equals(attribute)) {
            return InputTable.of(metrics.inputs());
        }
        try {
            return StreamFigure.valueOf(attribute).of(metrics);
        } catch (IllegalArgumentException e) {
            throw new AttributeNotFoundException("stream " + application + " has no attribute '" + attribute
                    + "'; it has " + STATE + ", " + InputTable.ATTRIBUTE + " and " + Arrays.toString(StreamFigure.values()));
        }
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        StreamMetrics metrics = streams.metrics(application);
        var values = new EnumMap<StreamFigure, Long>(StreamFigure.class);
        for (StreamFigure f : StreamFigure.values()) {
            values.put(f, f.of(metrics));
        }
        var list = new AttributeList();
        for (String a : attributes) {
            if (STATE.equals(a)) {
                list.add(new Attribute(a, metrics.state().name()));
            } else if (InputTable.ATTRIBUTE.equals(a)) {
                list.add(new Attribute(a, InputTable.of(metrics.inputs())));
            } else if (Arrays.stream(StreamFigure.values()).anyMatch(f -> f.name().equals(a))) {
                list.add(new Attribute(a, values.get(StreamFigure.valueOf(a))));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("stream " + application + "'s attributes are read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("stream " + application + "'s MBean has no operations;"
                + " start and stop streams with the stream: commands");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        var attributes = new MBeanAttributeInfo[StreamFigure.values().length + 2];
        attributes[0] = new MBeanAttributeInfo(STATE, String.class.getName(),
                "STOPPED, WAITING, RUNNING or FAILED", true, false, false);
        attributes[1] = new OpenMBeanAttributeInfoSupport(InputTable.ATTRIBUTE,
                "each input's rate in records per second and its lag", InputTable.TYPE, true, false, false);
        for (StreamFigure f : StreamFigure.values()) {
            attributes[f.ordinal() + 2] = new MBeanAttributeInfo(f.name(), long.class.getName(), f.description(),
                    true, false, false);
        }
        return new MBeanInfo(StreamMBean.class.getName(), "the stream " + application, attributes, null, null, null);
    }
}
