// A stream's events (started, waiting for a plugin, held, resumed, upgraded, stopped, failed) as a
// timeline from the first event to now, one dot per event with its message on hover, and as a table.
"use strict";
const Events = {
  shown: null,

  draw(timeline, table, events) {
    // redrawn when an event comes, and every ten seconds for the time axis to reach now
    const key = JSON.stringify(events) + Math.floor(Date.now() / 10000);
    if (key === Events.shown) { return; }
    Events.shown = key;
    Sluice.fill(table, events.slice().reverse(), (row, e) => {
      Sluice.cell(row, Sluice.time(e.time));
      Sluice.cell(row, e.kind, "text kind-" + e.kind);
      Sluice.cell(row, e.message, "text");
    });
    timeline.replaceChildren();
    if (events.length === 0) { timeline.textContent = "Nothing has happened to this stream yet."; return; }
    const ns = "http://www.w3.org/2000/svg", width = Math.max(400, document.body.clientWidth - 80), height = 50;
    const from = events[0].time, to = Math.max(Date.now(), events[events.length - 1].time + 1);
    const x = t => 10 + (width - 20) * (t - from) / (to - from);
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    const add = (name, attributes, parent = svg) => {
      const e = document.createElementNS(ns, name);
      Object.entries(attributes).forEach(([k, v]) => e.setAttribute(k, v));
      parent.appendChild(e);
      return e;
    };
    add("line", { x1: 10, x2: width - 10, y1: 20, y2: 20, class: "axis" });
    add("text", { x: 10, y: 45 }).textContent = Sluice.time(from);
    add("text", { x: width - 10, y: 45, "text-anchor": "end" }).textContent = Sluice.time(to);
    events.forEach(e => {
      const dot = add("circle", { cx: x(e.time), cy: 20, r: 6, class: "kind-" + e.kind, "data-kind": e.kind });
      add("title", {}, dot).textContent = Sluice.time(e.time) + " " + e.kind + ": " + e.message;
    });
    timeline.appendChild(svg);
  }
};
