package dev.sluice.api.spi;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's record serialization (Kryo with registered types only), lent to plugins that
 * write or read records in binary form, such as object files: every sink and batch source gets it
 * in its config as the object {@link #CONFIG_KEY}. Only registered record types are written or
 * read; anything else is refused with an error naming the class.
 */
@ProviderType
public interface RecordCodec {

    /** The config object under which the runtime hands its codec to plugins. */
    String CONFIG_KEY = "sluice.recordCodec";

    /** Names the encoding and its version, e.g. for a file's metadata: {@code sluice-kryo-1}. */
    String format();

    byte[] encode(List<?> records);

    /** Reads what {@link #encode} wrote; corrupt or truncated bytes and unregistered types give a clear error. */
    List<Object> decode(byte[] bytes);
}
