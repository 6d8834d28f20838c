package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Config;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.runtime.internal.checkpoint.CheckpointReport;
import dev.sluice.runtime.internal.context.StreamingContextImpl;
import dev.sluice.runtime.internal.settings.ContextSettings;
import java.util.Optional;

/** What {@code stream:checkpoint} shows of a stream, running or not. */
final class CheckpointView {

    private CheckpointView() {
    }

    /** The running {@code context}'s latest checkpoint (null: none runs), or the newest readable one in the directory of {@code args}. */
    static CheckpointStatus of(String stream, StreamingContextImpl context, Config args) {
        if (context != null && context.run().checkpointer().isPresent()) {
            return CheckpointReport.of(stream, context.run().checkpointer().get());
        }
        Optional<String> dir = context != null ? context.checkpointDirectory() : ContextSettings.CHECKPOINT.find(args);
        return dir.isEmpty() || dir.get().isBlank() ? CheckpointStatus.none(stream)
                : CheckpointReport.read(stream, dir.get());
    }
}
