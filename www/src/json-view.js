// JSON rendered as rows that know their JSON Pointer: each member of an object and each item of an
// array is a `.member` element with `data-pointer`, so a view can say where a value came from.

import { element } from "./dom.js";
import { escapeToken } from "./json-text.js";

/** `value` as indented JSON in `container`, one focusable row per member. */
export function renderJson(container, value) {
  container.replaceChildren(element("div", { className: "json" }, ...node(value, "", 0, "")));
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
  const line = element("div", { className: "line", style: `--depth: ${depth}` });
  if (label !== "") line.append(element("span", { className: "key", textContent: label }), ": ");
  if (value === null || typeof value !== "object") {
    const kind = value === null ? "null" : typeof value;
    line.append(element("span", { className: kind, textContent: JSON.stringify(value) }));
    return [line];
  }
  const array = Array.isArray(value);
  const entries = array ? value.map((v, i) => [i, v]) : Object.entries(value);
  if (entries.length === 0) {
    line.append(array ? "[]" : "{}");
    return [line];
  }
  line.append(array ? "[" : "{");
  const members = entries.map(([key, child], i) => {
    const childPointer = `${pointer}/${escapeToken(String(key))}`;
    const member = element("div", { className: "member" }, ...node(child, childPointer, depth + 1, array ? "" : JSON.stringify(key)));
    member.dataset.pointer = childPointer;
    if (i < entries.length - 1) member.lastChild.append(",");
    return member;
  });
  return [line, ...members, element("div", { className: "line", style: `--depth: ${depth}` }, array ? "]" : "}")];
}
