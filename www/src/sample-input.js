// An input editor fed by a sample selector: choosing a sample shows its text, typing makes the input
// the user's own ("(your input)"), which a change of vendor or object keeps.

export class SampleInput {
  /** `samples()` lists the samples of the chosen vendor and object; `apply(sample)` sets the options a
   * sample comes with; `changed()` runs after the user's choice or edit. */
  constructor(select, editor, { samples, apply, changed }) {
    this.select = select;
    this.editor = editor;
    this.samples = samples;
    this.apply = apply;
    editor.textarea.addEventListener("input", () => {
      this.select.value = "";
      changed();
    });
    select.addEventListener("change", () => {
      this.load(select.value);
      changed();
    });
  }

  /** Lists the samples after a change of vendor or object: a sample shown is replaced by the first of
   * them, the user's own input is kept. */
  list() {
    const own = this.select.value === "" && this.editor.value !== "";
    this.fill();
    if (!own) this.load(this.samples()[0]?.name ?? "");
  }

  /** Shows sample `name`, with the options it comes with unless `keepOptions`. */
  load(name, keepOptions = false) {
    const sample = this.samples().find((s) => s.name === name);
    this.select.value = sample ? name : "";
    if (!sample) return;
    this.editor.value = sample.text;
    if (!keepOptions) this.apply(sample);
  }

  /** The sample's name, or the user's own text. */
  state() {
    return { sample: this.select.value, input: this.select.value ? "" : this.editor.value };
  }

  /** Back to a shared state: the user's own text, else the named sample with the options the state
   * holds, else the first sample with its own options. */
  restore({ sample, input }) {
    this.fill();
    if (input !== undefined) {
      this.select.value = "";
      this.editor.value = input;
    } else {
      this.load(sample ?? this.samples()[0]?.name ?? "", sample !== undefined);
    }
  }

  fill() {
    this.select.replaceChildren(new Option("(your input)", ""), ...this.samples().map((s) => new Option(s.label, s.name)));
  }
}
