// Where each value of a JSON text is: JSON Pointer -> character range, for highlighting the vendor
// fields a canonical value came from, and the place a warning or an error points at.

/** The text ranges of every value in `text`, keyed by JSON Pointer; an empty map when `text` is not JSON. */
export function locate(text) {
  const ranges = new Map();
  try {
    const scanner = new Scanner(text, ranges);
    scanner.value("");
    scanner.space();
    if (scanner.at < text.length) ranges.clear();
  } catch {
    ranges.clear();
  }
  return ranges;
}

/** The range of `pointer` in the located text, or of its nearest located ancestor (a value the
 * vendor lacks is reported at the record holding it). */
export function rangeOf(ranges, pointer) {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
    const range = ranges.get(p);
    if (range) return range;
    if (p === "") return null;
  }
}

/** The character offset of a 1-based line and column, as parse errors give them. */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + Math.max(column - 1, 0), text.length);
}

export function escapeToken(key) {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

class Scanner {
  constructor(text, ranges) {
    this.text = text;
    this.ranges = ranges;
    this.at = 0;
  }

  space() {
    while (/\s/.test(this.text[this.at] ?? "")) this.at++;
  }

  value(pointer) {
    this.space();
    const start = this.at;
    const c = this.text[this.at];
    if (c === "{") this.members(pointer);
    else if (c === "[") this.items(pointer);
    else if (c === '"') this.string();
    else this.scalar();
    this.ranges.set(pointer, { start, end: this.at });
  }

  members(pointer) {
    this.at++;
    this.space();
    if (this.text[this.at] === "}") {
      this.at++;
      return;
    }
    for (;;) {
      this.space();
      const keyStart = this.at;
      const key = JSON.parse(this.text.slice(keyStart, this.string()));
      this.expect(":");
      this.value(`${pointer}/${escapeToken(key)}`);
      this.space();
      if (this.text[this.at] === "}") {
        this.at++;
        return;
      }
      this.expect(",");
    }
  }

  items(pointer) {
    this.at++;
    this.space();
    if (this.text[this.at] === "]") {
      this.at++;
      return;
    }
    for (let i = 0; ; i++) {
      this.value(`${pointer}/${i}`);
      this.space();
      if (this.text[this.at] === "]") {
        this.at++;
        return;
      }
      this.expect(",");
    }
  }

  /** Skips a string literal; returns the offset after it. */
  string() {
    if (this.text[this.at] !== '"') throw new SyntaxError("expected a string");
    for (this.at++; this.at < this.text.length; this.at++) {
      const c = this.text[this.at];
      if (c === "\\") this.at++;
      else if (c === '"') return ++this.at;
    }
    throw new SyntaxError("unterminated string");
  }

  scalar() {
    const match = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.at, this.at + 400));
    if (!match) throw new SyntaxError("expected a value");
    this.at += match[0].length;
  }

  expect(c) {
    this.space();
    if (this.text[this.at] !== c) throw new SyntaxError(`expected ${c}`);
    this.at++;
  }
}
