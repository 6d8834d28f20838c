package dev.sluice.api.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The type a {@link SourceProvider} serves, e.g. {@code @SourceType("socket")} on the component:
 * it becomes the service property {@value SourceProvider#TYPE} in OSGi and is read from the
 * class when the provider is found by {@link java.util.ServiceLoader}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SourceType {

    String PREFIX_ = "sluice.";

    String value();
}
