// A stream's page: Spark-Streaming-tab charts of its batches, its graph, its events, its inputs and its batch tables.
"use strict";
const name = Sluice.param("name");
document.getElementById("name").textContent = name;
document.title = "Sluice: " + name;

const figures = {
  rate: { color: "#1f77b4", unit: "records/s", format: v => v === null ? "-" : v.toFixed(1) + " records/s" },
  scheduling: { color: "#ff7f0e", unit: "ms", format: v => Sluice.ms(v === null ? null : Math.round(v)) },
  processing: { color: "#2ca02c", unit: "ms", format: v => Sluice.ms(v === null ? null : Math.round(v)) },
  total: { color: "#9467bd", unit: "ms", format: v => Sluice.ms(v === null ? null : Math.round(v)) }
};
for (const [key, f] of Object.entries(figures)) {
  f.timeline = Charts.timeline(document.getElementById("timeline-" + key), key, f.unit, f.color, key === "processing");
  f.histogram = Charts.histogram(document.getElementById("histogram-" + key), f.unit, f.color);
}

document.getElementById("stop").addEventListener("click", async () => {
  try { await Sluice.post("/streams/" + encodeURIComponent(name) + "/stop"); }
  catch (e) { document.getElementById("problem").textContent = e.message; }
});

function draw(batches, interval) {
  const xs = batches.map(b => b.batchTime / 1000);
  const values = {
    rate: batches.map(b => interval > 0 ? b.records * 1000 / interval : 0),
    scheduling: batches.map(b => b.schedulingDelay),
    processing: batches.map(b => b.processingDelay),
    total: batches.map(b => b.totalDelay)
  };
  for (const [key, f] of Object.entries(figures)) {
    const data = [xs, values[key]];
    if (key === "processing") { data.push(xs.map(() => interval)); }
    f.timeline.setData(data);
    f.histogram.setData(Charts.bins(values[key]));
    document.getElementById("avg-" + key).textContent = "avg " + f.format(Charts.average(values[key]));
  }
  document.getElementById("retained").textContent = batches.length;
}

function tables(detail, batches) {
  Sluice.fill(document.getElementById("receivers"), detail.inputs, (row, i) => {
    Sluice.cell(row, i.streamId);
    Sluice.cell(row, i.name, "text");
    Sluice.cell(row, i.description || "-", "text");
    Sluice.cell(row, i.active === undefined ? "-" : i.active ? "yes" : "no");
    Sluice.cell(row, i.status || "-", "text");
    Sluice.cell(row, i.recordsPerSecond.toFixed(1) + " records/s");
    // only sources that know what waits upstream (Kafka) tell their lag
    Sluice.cell(row, i.lag === null ? "-" : i.lag + " records");
    Sluice.cell(row, i.lastError || "-", i.lastError ? "failed text" : "text");
  });
  const f = detail.figures;
  document.getElementById("active").textContent = f.runningBatches + " running, " + f.waitingBatches + " waiting";
  Sluice.fill(document.getElementById("batches"), batches.slice(-100).reverse(), (row, b) => {
    Sluice.link(Sluice.cell(row, ""), "batch.html?name=" + encodeURIComponent(name) + "&time=" + b.batchTime,
      Sluice.time(b.batchTime) + " (" + b.batchTime + " ms)");
    Sluice.cell(row, b.records);
    Sluice.cell(row, Sluice.ms(b.schedulingDelay));
    Sluice.cell(row, Sluice.ms(b.processingDelay));
    Sluice.cell(row, Sluice.ms(b.totalDelay));
    Sluice.cell(row, b.outputOperations.length);
    Sluice.cell(row, b.failure || "", b.failure ? "failed text" : "text");
  });
}

// Every member of the stream's group as the members report it; a silent one (killed?) stays listed, marked.
function group(g) {
  document.getElementById("group-section").hidden = g === null;
  if (g === null) { return; }
  document.getElementById("group-name").textContent = "Group " + g.name;
  document.getElementById("group-problem").textContent = g.problem || "";
  const delays = d => d === null ? "-" : d.map(v => Sluice.ms(v)).join(" / ");
  Sluice.fill(document.getElementById("group"), g.members, (row, m) => {
    Sluice.cell(row, m.member + (m.self ? " (this one)" : ""), "text");
    Sluice.cell(row, m.role || "-", "text");
    Sluice.cell(row, m.partitions.length === 0 ? "-" : m.partitions.join(", "), "text");
    Sluice.cell(row, m.lastBatch === null ? "-" : Sluice.time(m.lastBatch));
    Sluice.cell(row, delays(m.delays));
    Sluice.cell(row, delays(m.maxDelays));
    const ago = m.reportedAgo === null ? "no status yet" : (m.reportedAgo / 1000).toFixed(1) + " s ago";
    Sluice.cell(row, ago + (m.silent ? ": silent (killed?)" : "") + (m.inGroup ? "" : ", out of the group"),
      m.silent ? "failed text" : "text");
  });
}

Sluice.every(1000, async () => {
  const path = "/streams/" + encodeURIComponent(name);
  const [detail, history, graph] = await Promise.all([Sluice.get(path), Sluice.get(path + "/batches"),
    Sluice.get(path + "/graph")]);
  Graph.draw(document.getElementById("graph"), graph);
  Events.draw(document.getElementById("timeline"), document.getElementById("events"), detail.events);
  const state = document.getElementById("state");
  state.textContent = detail.state;
  state.className = "state-" + detail.state;
  const f = detail.figures;
  document.getElementById("summary").textContent = "Batch interval " + Sluice.ms(f.batchInterval) + "; "
    + f.totalCompletedBatches + " batches completed (" + f.totalFailedBatches + " failed); "
    + f.totalReceivedRecords + " records received, " + f.totalProcessedRecords + " processed."
    + (f.lastCheckpoint_batchTime < 0 ? "" : " Last checkpoint: batch " + Sluice.time(f.lastCheckpoint_batchTime)
      + ", " + f.lastCheckpoint_size + " bytes in " + Sluice.ms(f.lastCheckpoint_duration) + ".");
  document.getElementById("lastError").textContent = detail.lastError || "";
  group(detail.group);
  draw(history.batches, history.batchInterval || 0);
  tables(detail, history.batches);
});
