// The write view: a canonical record in, the vendor's create or update body out, and whether reading
// that body back gives the record again.

import { Editor } from "./editor.js";
import { renderJson, navigateRows } from "./json-view.js";
import { showProblems } from "./messages.js";
import { differences, skippedBy } from "./round-trip.js";
import { SampleInput } from "./sample-input.js";

export class WriteView {
  constructor(app) {
    this.app = app;
    this.editor = new Editor(document.getElementById("write-input"));
    this.output = document.getElementById("write-output");
    this.messages = document.getElementById("write-messages");
    this.mode = document.getElementById("mode");
    this.vendorObject = document.getElementById("write-vendor-object");
    this.roundTrip = document.getElementById("round-trip");

    this.input = new SampleInput(document.getElementById("write-sample"), this.editor, {
      samples: () => app.samples("write"),
      apply: (sample) => {
        this.mode.value = sample.mode;
        app.setVendorObject("");
      },
      changed: () => app.changed(),
    });
    this.mode.addEventListener("change", () => app.changed());
    navigateRows(this.output);
  }

  state() {
    const { sample, input } = this.input.state();
    return { wsample: sample, winput: input, mode: this.mode.value === "create" ? "" : this.mode.value };
  }

  restore(state) {
    this.mode.value = state.mode === "update" ? "update" : "create";
    this.input.restore({ sample: state.wsample, input: state.winput });
  }

  run() {
    const { crm, vendor, object } = this.app;
    const options = { ...this.app.sharedOptions(), mode: this.mode.value };
    this.vendorObject.textContent = "";
    this.roundTrip.textContent = "";
    this.roundTrip.className = "round-trip";
    if (this.editor.value.trim() === "") {
      this.output.replaceChildren();
      showProblems(this.messages, this.editor, []);
      return;
    }
    let written;
    try {
      written = crm.fromCanonical(vendor(), object(), this.editor.value, options);
    } catch (error) {
      this.output.replaceChildren();
      showProblems(this.messages, this.editor, [this.app.problem(error)]);
      return;
    }
    renderJson(this.output, written.body);
    this.vendorObject.textContent = written.vendorObject;
    showProblems(
      this.messages,
      this.editor,
      written.warnings.map((problem) => ({ problem, kind: "warning" })),
    );
    this.checkRoundTrip(written);
  }

  checkRoundTrip(written) {
    const { crm, vendor, object } = this.app;
    let back;
    try {
      back = crm.toCanonical(vendor(), object(), written.body, {
        ...this.app.sharedOptions(),
        vendorObject: written.vendorObject,
      });
    } catch (error) {
      this.verdict(false, `Reading this body back fails: ${error.code} at ${error.path || "/"}.`);
      return;
    }
    if (Array.isArray(back) && back.length === 1) back = back[0];
    const skipped = skippedBy(written.warnings);
    const differ = differences(JSON.parse(this.editor.value), back, skipped);
    const note = skipped.length ? ` (leaving out ${skipped.join(", ")}, which the warnings name)` : "";
    this.verdict(
      differ.length === 0,
      differ.length === 0
        ? `Round trip: reading this body back gives the same canonical record${note}.`
        : `Round trip: reading this body back differs at ${differ.join(", ")}${note}.`,
    );
  }

  verdict(same, text) {
    this.roundTrip.textContent = `${same ? "✓" : "✗"} ${text}`;
    this.roundTrip.className = `round-trip ${same ? "same" : "differs"}`;
    this.roundTrip.dataset.same = String(same);
  }
}
