// A batch's page: its records (in all and per input), delays, and each output operation's duration and failure.
"use strict";
const name = Sluice.param("name"), time = Number(Sluice.param("time"));
const back = document.getElementById("stream");
back.textContent = name;
back.href = "stream.html?name=" + encodeURIComponent(name);
document.getElementById("time").textContent = "batch " + Sluice.time(time) + " (" + time + " ms)";

(async () => {
  try {
    const { batches } = await Sluice.get("/streams/" + encodeURIComponent(name) + "/batches");
    const b = batches.find(x => x.batchTime === time);
    if (!b) { throw new Error("batch " + time + " ms is not among the stream's retained completed batches"); }
    Sluice.fill(document.getElementById("facts"), [
      ["Records", b.records], ["Submitted", Sluice.time(b.submissionTime)],
      ["Scheduling delay", Sluice.ms(b.schedulingDelay)], ["Processing time", Sluice.ms(b.processingDelay)],
      ["Total delay", Sluice.ms(b.totalDelay)],
      ...Object.entries(b.inputRecords).map(([id, n]) => ["Records of input " + id, n])],
      (row, [k, v]) => { Sluice.cell(row, k); Sluice.cell(row, v); });
    document.getElementById("failure").textContent = b.failure ? "Failed: " + b.failure : "";
    Sluice.fill(document.getElementById("outputs"), b.outputOperations, (row, o) => {
      Sluice.cell(row, o.id);
      Sluice.cell(row, o.description, "text");
      Sluice.cell(row, Sluice.ms(o.duration));
      Sluice.cell(row, o.failure || "", o.failure ? "failed text" : "text");
    });
  } catch (e) {
    document.getElementById("problem").textContent = e.message;
  }
})();
