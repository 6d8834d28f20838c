// The Streams page: every stream with its state, interval, input rate and last delays.
"use strict";
Sluice.every(2000, async () => {
  const { streams } = await Sluice.get("/streams");
  Sluice.fill(document.getElementById("streams"), streams, (row, s) => {
    const f = s.figures;
    Sluice.link(Sluice.cell(row, ""), "stream.html?name=" + encodeURIComponent(s.name), s.name);
    Sluice.cell(row, s.state, "state-" + s.state);
    Sluice.cell(row, Sluice.ms(f.batchInterval));
    Sluice.cell(row, Sluice.rate(Math.max(0, f.lastReceivedBatch_records), f.batchInterval));
    Sluice.cell(row, f.totalCompletedBatches + (f.totalFailedBatches > 0 ? " (" + f.totalFailedBatches + " failed)" : ""));
    Sluice.cell(row, Sluice.ms(f.lastCompletedBatch_schedulingDelay));
    Sluice.cell(row, Sluice.ms(f.lastCompletedBatch_processingDelay));
    Sluice.cell(row, Sluice.ms(f.lastCompletedBatch_totalDelay));
    Sluice.cell(row, s.description, "text");
  });
});
