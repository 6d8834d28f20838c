package dev.sluice.web.internal.metrics;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.spi.StreamingApplication;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link StreamMBean} in the platform MBean server for every application the container
 * has, as applications come and go; its attributes read the stream's figures when asked.
 */
@Component(immediate = true)
public final class StreamMBeans {

    private static final Logger LOG = LoggerFactory.getLogger(StreamMBeans.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    private final StreamManager streams;

    // by the constructor, so that the stream manager is there before the first application is bound
    @Activate
    public StreamMBeans(@Reference StreamManager streams) {
        this.streams = streams;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addApplication(ServiceReference<StreamingApplication> ref) {
        String name = name(ref);
        if (name == null) {
            return;
        }
        try {
            server.registerMBean(new StreamMBean(name, streams), StreamMBean.nameOf(name));
        } catch (JMException | IllegalArgumentException e) {
            LOG.warn("No MBean for stream {}: {}", name, e.toString());
        }
    }

    void removeApplication(ServiceReference<StreamingApplication> ref) {
        String name = name(ref);
        if (name == null) {
            return;
        }
        try {
            server.unregisterMBean(StreamMBean.nameOf(name));
        } catch (JMException | IllegalArgumentException e) {
            LOG.debug("Stream {} had no MBean to remove: {}", name, e.toString());
        }
    }

    private static String name(ServiceReference<StreamingApplication> ref) {
        Object name = ref.getProperty(StreamingApplication.NAME);
        return name instanceof String s ? s : null;
    }
}
