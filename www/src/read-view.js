// The read view: vendor JSON in, canonical JSON out as you type, each canonical value linked to the
// vendor value(s) it was read from (`explain`).

import { Editor } from "./editor.js";
import { rangeOf } from "./json-text.js";
import { navigateRows, renderJson } from "./json-view.js";
import { showProblems } from "./messages.js";
import { SampleInput } from "./sample-input.js";

export class ReadView {
  constructor(app) {
    this.app = app;
    this.editor = new Editor(document.getElementById("read-input"));
    this.output = document.getElementById("read-output");
    this.source = document.getElementById("read-source");
    this.messages = document.getElementById("read-messages");
    this.fields = document.getElementById("fields");
    this.redact = document.getElementById("redact");
    this.lenient = document.getElementById("lenient");
    this.sources = new Map();
    this.problemMarks = [];

    this.input = new SampleInput(document.getElementById("read-sample"), this.editor, {
      samples: () => app.samples("read"),
      apply: (sample) => {
        this.fields.value = sample.options?.fields ?? "";
        this.redact.checked = sample.options?.redact === "pii";
        app.setVendorObject(sample.options?.vendor_object ?? "");
      },
      changed: () => app.changed(),
    });
    for (const control of [this.fields, this.redact, this.lenient]) {
      control.addEventListener(control.type === "checkbox" ? "change" : "input", () => app.changed());
    }
    navigateRows(this.output);
    this.output.addEventListener("mouseover", (e) => this.explain(e.target.closest(".member")));
    this.output.addEventListener("focusin", (e) => this.explain(e.target.closest(".member")));
    this.output.addEventListener("mouseleave", () => this.explain(document.activeElement?.closest?.("#read-output .member")));
  }

  state() {
    return {
      ...this.input.state(),
      fields: this.fields.value.trim(),
      redact: this.redact.checked,
      lenient: this.lenient.checked,
    };
  }

  restore(state) {
    this.fields.value = state.fields ?? "";
    this.redact.checked = state.redact === "1";
    this.lenient.checked = state.lenient === "1";
    this.input.restore(state);
  }

  run() {
    const { crm, vendor, object } = this.app;
    const warnings = [];
    const options = { ...this.app.sharedOptions(), explain: true };
    const fields = this.fields.value.split(",").map((f) => f.trim()).filter(Boolean);
    if (fields.length) options.fields = fields;
    if (this.redact.checked) options.redact = "pii";
    if (this.lenient.checked) options.onWarning = (w) => warnings.push(w);
    this.sources = new Map();
    if (this.editor.value.trim() === "") {
      this.output.replaceChildren();
      this.problemMarks = showProblems(this.messages, this.editor, []);
      return;
    }
    let result;
    try {
      result = crm.toCanonical(vendor(), object(), this.editor.value, options);
    } catch (error) {
      this.output.replaceChildren();
      this.problemMarks = showProblems(this.messages, this.editor, [this.app.problem(error)]);
      return;
    }
    const list = Array.isArray(result);
    const records = (list ? result : [result]).map((explained, i) => {
      for (const [canonical, vendorPointers] of Object.entries(explained.sources)) {
        this.sources.set(list ? `/${i}${canonical}` : canonical, [vendorPointers].flat());
      }
      return explained.record;
    });
    renderJson(this.output, list ? records : records[0]);
    for (const row of this.output.querySelectorAll(".member")) {
      if (this.from(row.dataset.pointer).length) row.classList.add("explained");
    }
    this.problemMarks = showProblems(
      this.messages,
      this.editor,
      warnings.map((problem) => ({ problem, kind: "warning" })),
    );
  }

  /** The vendor pointers feeding the canonical value at `pointer` and its members. */
  from(pointer) {
    const found = [];
    for (const [canonical, vendorPointers] of this.sources) {
      if (canonical === pointer || canonical.startsWith(`${pointer}/`)) found.push(...vendorPointers);
    }
    return [...new Set(found)];
  }

  explain(row) {
    this.output.querySelectorAll(".member.active").forEach((r) => r.classList.remove("active"));
    if (!row) {
      this.editor.mark(this.problemMarks);
      return;
    }
    row.classList.add("active");
    const pointer = row.dataset.pointer;
    const from = this.from(pointer);
    const ranges = this.editor.ranges();
    const marks = from.map((p) => rangeOf(ranges, p)).filter(Boolean).map((r) => ({ ...r, kind: "source" }));
    this.editor.mark(marks.length ? marks : this.problemMarks);
    this.source.textContent = from.length
      ? `${pointer} ← ${from.join(", ")}`
      : `${pointer}: given by the mapping table, not read from a vendor field`;
  }
}
