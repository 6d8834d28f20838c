package dev.sluice.api.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The name a {@link StreamingApplication} is started by, e.g. {@code @ApplicationName("network-word-count")}:
 * the service property {@value StreamingApplication#NAME}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApplicationName {

    String PREFIX_ = "sluice.";

    String value();
}
