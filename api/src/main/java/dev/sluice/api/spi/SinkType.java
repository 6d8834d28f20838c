package dev.sluice.api.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The type a {@link SinkProvider} serves, e.g. {@code @SinkType("console")}: the service property
 * {@value SinkProvider#TYPE} in OSGi, read from the class under {@link java.util.ServiceLoader}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SinkType {

    String PREFIX_ = "sluice.";

    String value();
}
