// JSON rendered as rows that know their JSON Pointer: each member of an object and each item of an
// array is a `.member` element with `data-pointer`, so a view can say where a value came from.

import { escapeToken } from "./json-text.js";

/** `value` as indented JSON in `container`, one focusable row per member. */
export function renderJson(container, value) {
  const root = document.createElement("div");
  root.className = "json";
  root.append(...node(value, "", 0, ""));
  container.replaceChildren(root);
  const members = container.querySelectorAll(".member");
  members.forEach((m, i) => (m.tabIndex = i === 0 ? 0 : -1));
}

/** Arrow keys, Home and End move between the rows of a rendered JSON value (one tab stop). */
export function navigateRows(container) {
  container.addEventListener("keydown", (event) => {
    const rows = [...container.querySelectorAll(".member")];
    const at = rows.indexOf(document.activeElement);
    if (at < 0) return;
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[event.key];
    if (next === undefined || !rows[next]) return;
    event.preventDefault();
    rows[at].tabIndex = -1;
    rows[next].tabIndex = 0;
    rows[next].focus();
  });
}

function node(value, pointer, depth, label) {
  const line = document.createElement("div");
  line.className = "line";
  line.style.setProperty("--depth", depth);
  if (label !== "") line.append(span("key", label), ": ");
  if (value === null || typeof value !== "object") {
    line.append(span(typeof value === "string" ? "string" : value === null ? "null" : typeof value, JSON.stringify(value)));
    return [line];
  }
  const array = Array.isArray(value);
  const entries = array ? value.map((v, i) => [i, v]) : Object.entries(value);
  if (entries.length === 0) {
    line.append(array ? "[]" : "{}");
    return [line];
  }
  line.append(array ? "[" : "{");
  const lines = [line];
  entries.forEach(([key, child], i) => {
    const childPointer = `${pointer}/${escapeToken(String(key))}`;
    const member = document.createElement("div");
    member.className = "member";
    member.dataset.pointer = childPointer;
    member.append(...node(child, childPointer, depth + 1, array ? "" : JSON.stringify(key)));
    if (i < entries.length - 1) member.lastChild.append(",");
    lines.push(member);
  });
  const close = document.createElement("div");
  close.className = "line";
  close.style.setProperty("--depth", depth);
  close.append(array ? "]" : "}");
  lines.push(close);
  return lines;
}

function span(className, text) {
  const s = document.createElement("span");
  s.className = className;
  s.textContent = text;
  return s;
}
