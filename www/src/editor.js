// A textarea over a backdrop that repeats its text with marked ranges: the native editing, undo,
// selection and accessibility of a textarea, with highlights behind the text.

import { element } from "./dom.js";
import { locate } from "./json-text.js";

export class Editor {
  /** `textarea` sits in an `.editor` element that also holds a `pre.backdrop`. */
  constructor(textarea) {
    this.textarea = textarea;
    this.backdrop = textarea.parentElement.querySelector(".backdrop");
    this.marks = [];
    textarea.addEventListener("input", () => this.render());
    textarea.addEventListener("scroll", () => this.sync());
    new ResizeObserver(() => this.sync()).observe(textarea);
  }

  /** Re-indents the text when it is JSON, as a user's edit (undoable where the browser allows). */
  format() {
    let text;
    try {
      text = JSON.stringify(JSON.parse(this.textarea.value), null, 2);
    } catch {
      return;
    }
    this.textarea.focus();
    this.textarea.select();
    if (!document.execCommand("insertText", false, text)) {
      this.textarea.value = text;
      this.textarea.dispatchEvent(new Event("input"));
    }
  }

  /** The JSON Pointer ranges of the text (`locate`), computed once per text. */
  ranges() {
    if (this.located?.text !== this.textarea.value) {
      this.located = { text: this.textarea.value, ranges: locate(this.textarea.value) };
    }
    return this.located.ranges;
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.marks = [];
    this.render();
  }

  /** Marks `ranges` (`{start, end, kind}`: `source`, `warning` or `error`) and scrolls the first into view. */
  mark(ranges) {
    this.marks = ranges.filter(Boolean).toSorted((a, b) => a.start - b.start);
    this.render();
    const first = this.backdrop.querySelector("mark");
    if (first) {
      const top = first.offsetTop - this.textarea.clientHeight / 3;
      const bottom = first.offsetTop + first.offsetHeight;
      if (first.offsetTop < this.textarea.scrollTop || bottom > this.textarea.scrollTop + this.textarea.clientHeight) {
        this.textarea.scrollTop = Math.max(top, 0);
      }
      if (first.offsetLeft < this.textarea.scrollLeft || first.offsetLeft > this.textarea.scrollLeft + this.textarea.clientWidth) {
        this.textarea.scrollLeft = Math.max(first.offsetLeft - 40, 0);
      }
      this.sync();
    }
  }

  render() {
    const text = this.textarea.value;
    const out = document.createDocumentFragment();
    let at = 0;
    for (const { start, end, kind } of this.marks) {
      if (start < at || start > text.length) continue;
      out.append(text.slice(at, start));
      // An empty range (the end of a truncated text) still shows as a thin mark.
      out.append(element("mark", { className: kind, textContent: text.slice(start, Math.max(end, start)) || " " }));
      at = Math.max(end, start);
    }
    // A trailing newline needs a character after it to take up its line.
    out.append(text.slice(at) + "\n");
    this.backdrop.replaceChildren(out);
    this.sync();
  }

  sync() {
    this.backdrop.scrollTop = this.textarea.scrollTop;
    this.backdrop.scrollLeft = this.textarea.scrollLeft;
  }
}
