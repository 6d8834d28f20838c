// What every page needs: the API, formatting, and escaping of what it shows.
"use strict";
const Sluice = {
  api: "/sluice/api",

  async get(path) {
    const response = await fetch(Sluice.api + path, { credentials: "same-origin" });
    if (response.status === 401) { location.href = "/sluice/login"; throw new Error("not logged in"); }
    const body = await response.json();
    if (!response.ok) { throw new Error(body.error || response.statusText); }
    return body;
  },

  async post(path) {
    const session = await Sluice.get("/session");
    const response = await fetch(Sluice.api + path, {
      method: "POST", credentials: "same-origin", headers: { "X-Sluice-CSRF": session.csrfToken } });
    const body = await response.json();
    if (!response.ok) { throw new Error(body.error || response.statusText); }
    return body;
  },

  param(name) { return new URLSearchParams(location.search).get(name); },

  ms(value) {
    if (value === null || value === undefined || value < 0) { return "-"; }
    return value < 1000 ? value + " ms" : (value / 1000).toFixed(value < 10000 ? 2 : 1) + " s";
  },

  time(millis) { return millis < 0 ? "-" : new Date(millis).toLocaleTimeString(); },

  rate(records, intervalMillis) {
    return intervalMillis > 0 ? (records * 1000 / intervalMillis).toFixed(1) + " records/s" : "-";
  },

  // text content only: names, messages and errors never become markup
  cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) { td.className = className; }
    return td;
  },

  link(cell, href, text) {
    cell.textContent = "";
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    cell.appendChild(a);
  },

  fill(table, rows, render) {
    const body = table.tBodies[0];
    body.replaceChildren();
    rows.forEach(r => render(body.insertRow(), r));
  },

  every(millis, refresh) {
    const run = async () => {
      try { await refresh(); document.getElementById("problem").textContent = ""; }
      catch (e) { document.getElementById("problem").textContent = e.message; }
      setTimeout(run, millis);
    };
    run();
  }
};
