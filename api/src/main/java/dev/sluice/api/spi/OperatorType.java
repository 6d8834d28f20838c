package dev.sluice.api.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The type an {@link OperatorProvider} serves, e.g. {@code @OperatorType("split-words")}: the service property
 * {@value OperatorProvider#TYPE} in OSGi, read from the class under {@link java.util.ServiceLoader}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OperatorType {

    String PREFIX_ = "sluice.";

    String value();
}
