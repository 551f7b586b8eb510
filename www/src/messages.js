// Errors and warnings listed with their stable code and JSON Pointer; each item marks its place in the
// input and, when chosen, selects it there.

import { element } from "./dom.js";
import { offsetOf, rangeOf } from "./json-text.js";

/** Where `problem` (a thrown CrmCanonError or a warning) is in `text`, whose `ranges` are given: by
 * line and column for a parse error, else by its JSON Pointer. */
export function placeOf(problem, text, ranges) {
  const at = /line (\d+) column (\d+)/.exec(problem.message ?? "");
  if (problem.code === "invalid_json" && at) {
    const start = offsetOf(text, Number(at[1]), Number(at[2]));
    return { start: Math.max(start - 1, 0), end: Math.min(start + 1, text.length) };
  }
  if (problem.code === "invalid_json" || problem.code === "invalid_utf8") return { start: 0, end: text.length };
  return typeof problem.path === "string" ? rangeOf(ranges, problem.path) : null;
}

/** Lists `problems` (`kind` `error` or `warning`) in `list`; those with a place in `editor`'s text are
 * marked there, and choosing one selects its place. */
export function showProblems(list, editor, problems) {
  const ranges = editor.ranges();
  const marks = [];
  list.replaceChildren(
    ...problems.map(({ problem, kind, elsewhere }) => {
      const code = element("code", { className: "code", textContent: problem.code ?? "error" });
      const located = problem.path !== undefined;
      const path = element("code", { className: "path", textContent: located ? problem.path || "/" : "" });
      const text = ` ${detail(problem)}${elsewhere ? ` (${elsewhere})` : ""}`;
      const label = `${kind === "error" ? "Error" : "Warning"} `;
      const place = elsewhere ? null : placeOf(problem, editor.value, ranges);
      if (!place) return element("li", { className: kind }, label, code, located ? " at " : "", path, text);
      marks.push({ ...place, kind });
      const button = element("button", { type: "button", className: "link", title: "Select this place in the input" }, code, " at ", path);
      button.addEventListener("click", () => {
        editor.textarea.focus();
        editor.textarea.setSelectionRange(place.start, place.end);
        editor.mark([{ ...place, kind }]);
      });
      return element("li", { className: kind }, label, button, text);
    }),
  );
  editor.mark(marks);
  count(list, problems);
  return marks;
}

/** The number of errors and warnings on the button that scrolls to `list`, which may be out of view. */
function count(list, problems) {
  const button = document.querySelector(`[data-messages="${list.id}"]`);
  if (!button) return;
  const errors = problems.filter((p) => p.kind === "error").length;
  const warnings = problems.length - errors;
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  button.textContent = `${[errors && plural(errors, "error"), warnings && plural(warnings, "warning")].filter(Boolean).join(", ")} ↓`;
  button.className = `small problems ${errors ? "error" : "warning"}`;
  button.hidden = problems.length === 0;
  button.onclick = () => list.scrollIntoView({ block: "nearest" });
}

/** The message without the `code at path: ` prefix the list already shows. */
function detail(problem) {
  const message = problem.message ?? String(problem);
  const prefix = `${problem.code} at ${problem.path || "/"}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
