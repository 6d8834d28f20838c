// A stream's DStream graph as boxes in columns: inputs first, each stream one column right of its
// deepest parent, outputs last; each box names the stream, its operator, its plugin's type and
// version, and its records and time in the latest completed batch.
"use strict";
const Graph = {
  shown: null,

  draw(element, graph) {
    const key = JSON.stringify(graph);
    if (key === Graph.shown) { return; }
    Graph.shown = key;
    element.replaceChildren();
    if (graph.streams.length === 0) { element.textContent = "No graph: the stream is not running."; return; }
    const depth = new Map();
    graph.streams.forEach(s => depth.set(s.id, s.parents.length === 0 ? 0
      : 1 + Math.max(...s.parents.map(p => depth.get(p) ?? 0))));
    const outputDepth = 1 + Math.max(...depth.values());
    const boxes = [];
    graph.streams.forEach(s => boxes.push({ key: "s" + s.id, depth: depth.get(s.id), kind: s.parents.length ? "stream" : "input",
      lines: [s.name, s.operator + Graph.plugin(s.plugin), Graph.figures(s.lastBatch)], parents: s.parents.map(p => "s" + p),
      title: Graph.bundle(s.plugin) }));
    graph.outputs.forEach(o => boxes.push({ key: "o" + o.id, depth: outputDepth, kind: "output",
      lines: [o.description, "output " + o.id + Graph.plugin(o.plugin)], parents: ["s" + o.parent],
      title: Graph.bundle(o.plugin) }));
    const rows = new Map(), at = new Map(), w = 250, h = 60, gapX = 30, gapY = 16, chars = 40;
    boxes.forEach(b => {
      const row = rows.get(b.depth) || 0;
      rows.set(b.depth, row + 1);
      at.set(b.key, { x: 5 + b.depth * (w + gapX), y: 5 + row * (h + gapY) });
    });
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", 10 + (outputDepth + 1) * (w + gapX));
    svg.setAttribute("height", 10 + Math.max(...rows.values()) * (h + gapY));
    const add = (name, attributes, parent = svg) => {
      const e = document.createElementNS(ns, name);
      Object.entries(attributes).forEach(([k, v]) => e.setAttribute(k, v));
      parent.appendChild(e);
      return e;
    };
    boxes.forEach(b => b.parents.forEach(p => {
      const from = at.get(p), to = at.get(b.key);
      if (from) {
        add("path", { d: `M${from.x + w},${from.y + h / 2} C${from.x + w + gapX / 2},${from.y + h / 2}`
          + ` ${to.x - gapX / 2},${to.y + h / 2} ${to.x},${to.y + h / 2}` });
      }
    }));
    boxes.forEach(b => {
      const { x, y } = at.get(b.key);
      const g = add("g", { "data-kind": b.kind });
      add("rect", { x, y, width: w, height: h, rx: 4, class: b.kind }, g);
      if (b.title) { add("title", {}, g).textContent = b.title; }
      b.lines.forEach((line, i) => {
        const text = add("text", { x: x + 8, y: y + 17 + i * 16, class: i === 2 ? "figures" : "" }, g);
        text.textContent = line.length > chars ? line.slice(0, chars - 1) + "…" : line;
        if (line.length > chars) { add("title", {}, text).textContent = line; }
      });
    });
    element.appendChild(svg);
  },

  plugin(p) {
    return p ? " · " + p.kind + " " + p.type + (p.version ? " " + p.version : " (not installed)") : "";
  },

  bundle(p) { return p && p.bundle ? p.kind + " " + p.type + " from bundle " + p.bundle + " " + p.version : ""; },

  // a stage fused into the pipeline of the streams reading it has records but no time of its own
  figures(f) {
    if (!f) { return "no completed batch"; }
    return f.records.toLocaleString("en") + " records · " + (f.time === null ? "fused" : f.time.toFixed(3) + " ms");
  }
};
