// Timelines and histograms drawn with uPlot: one pair per figure of a batch.
"use strict";
const Charts = {
  width() { return Math.max(360, document.body.clientWidth - 600); },

  timeline(element, label, unit, color, withInterval) {
    const series = [{}, { label, stroke: color, fill: color + "22", points: { show: false } }];
    if (withInterval) { series.push({ label: "batch interval", stroke: "#888", dash: [6, 4], points: { show: false } }); }
    return new uPlot({
      width: Charts.width(), height: 150, series, legend: { show: withInterval },
      scales: { x: { time: true } }, axes: [{}, { label: unit, size: 60 }]
    }, [[], [], ...(withInterval ? [[]] : [])], element);
  },

  histogram(element, unit, color) {
    return new uPlot({
      width: 300, height: 150, legend: { show: false },
      scales: { x: { time: false } },
      series: [{}, { label: "batches", stroke: color, fill: color + "66",
        paths: uPlot.paths.bars({ size: [0.9, 40] }), points: { show: false } }],
      axes: [{ label: unit }, { label: "batches", size: 50 }]
    }, [[], []], element);
  },

  // twenty equal bins over the values' range
  bins(values) {
    if (values.length === 0) { return [[], []]; }
    const min = Math.min(...values), max = Math.max(...values);
    const count = 20, width = (max - min) / count || 1;
    const xs = [], ys = new Array(count).fill(0);
    for (let i = 0; i < count; i++) { xs.push(min + width * (i + 0.5)); }
    values.forEach(v => ys[Math.min(count - 1, Math.floor((v - min) / width))]++);
    return [xs, ys];
  },

  average(values) { return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length; }
};
