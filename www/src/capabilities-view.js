// The capabilities view: vendor × object, then vendor × field for one object, all from `capabilities()`.

import { element } from "./dom.js";

export class CapabilitiesView {
  constructor(app) {
    this.app = app;
    this.objects = document.getElementById("objects-matrix");
    this.fields = document.getElementById("fields-matrix");
    this.object = document.getElementById("cap-object");
    this.type = document.getElementById("cap-type");
    this.object.append(...app.objectNames.map((o) => new Option(o, o)));
    this.object.addEventListener("change", () => {
      this.type.value = "";
      app.changed();
    });
    this.type.addEventListener("change", () => app.changed());
  }

  state() {
    return { cobject: this.object.value === "contact" ? "" : this.object.value, ctype: this.type.value };
  }

  restore(state) {
    this.object.value = this.app.objectNames.includes(state.cobject) ? state.cobject : "contact";
    this.typeWanted = state.ctype ?? "";
  }

  run() {
    const { vendors, objectNames, capabilities } = this.app;
    this.renderObjects(vendors, objectNames, capabilities);
    const object = this.object.value;
    const types = [
      ...new Set(vendors.flatMap((v) => capabilities(v, object)?.variants?.map((variant) => variant.type) ?? [])),
    ].sort();
    const wanted = this.typeWanted ?? this.type.value;
    this.typeWanted = undefined;
    this.type.replaceChildren(new Option("any (the object's own fields)", ""), ...types.map((t) => new Option(t, t)));
    this.type.value = types.includes(wanted) ? wanted : "";
    this.type.disabled = types.length === 0;
    this.renderFields(vendors, object, this.type.value, capabilities);
  }

  renderObjects(vendors, objectNames, capabilities) {
    const rows = vendors.map((vendor) => {
      const cells = objectNames.map((object) => {
        const caps = capabilities(vendor, object);
        if (!caps) return cell("—", `${vendor} has no ${object}`, "none");
        const reads = caps.fields.filter((f) => f.reads).length;
        const writes = caps.writable ? caps.fields.filter((f) => f.writes).length : 0;
        const text = `R ${reads} · W ${writes}`;
        const label = `${vendor} ${object} (${caps.vendor_objects.join(", ")}): reads ${reads} fields, ${
          caps.writable ? `writes ${writes}` : "read-only"
        }`;
        return cell(text, label, caps.writable ? "rw" : "r");
      });
      return row(header(vendor, "row"), ...cells);
    });
    this.objects.replaceChildren(head("", ...objectNames), body(rows));
  }

  renderFields(vendors, object, type, capabilities) {
    const fieldsOf = (vendor) => {
      const caps = capabilities(vendor, object);
      if (!caps) return null;
      if (!type) return caps.fields;
      return caps.variants?.find((v) => v.type === type)?.fields ?? null;
    };
    const columns = vendors.map((v) => [v, fieldsOf(v)]);
    const names = merged(columns.map(([, fields]) => fields?.map((f) => f.field) ?? []));
    const rows = names.map((name) =>
      row(
        header(name, "row"),
        ...columns.map(([vendor, fields]) => {
          if (!fields) return cell("", `${vendor} has no ${type || object}`, "none");
          const f = fields.find((x) => x.field === name);
          if (!f || !(f.reads || f.writes)) return cell("·", `${vendor}: ${name} not mapped`, "none");
          const marks = [f.reads && "R", f.writes && "W", f.required && "*", f.create_only && "C"].filter(Boolean);
          const words = [
            f.reads && "reads",
            f.writes && "writes",
            f.required && "required on create",
            f.create_only && "create only",
          ].filter(Boolean);
          return cell(marks.join(" "), `${vendor} ${name}: ${words.join(", ")}`, f.writes ? "rw" : "r");
        }),
      ),
    );
    this.fields.replaceChildren(head("field", ...vendors), body(rows));
  }
}

/** The fields of every vendor in one list: each vendor lists its fields in the schema's order, so a
 * field is placed right after the field its vendor lists before it. */
function merged(lists) {
  const out = [];
  for (const list of lists) {
    list.forEach((field, i) => {
      if (!out.includes(field)) out.splice(i === 0 ? 0 : out.indexOf(list[i - 1]) + 1, 0, field);
    });
  }
  return out;
}

function head(...names) {
  return element("thead", {}, row(...names.map((n) => header(n, "col"))));
}

function body(rows) {
  return element("tbody", {}, ...rows);
}

function row(...cells) {
  return element("tr", {}, ...cells);
}

function header(text, scope) {
  return element("th", { scope, textContent: text });
}

function cell(text, label, className) {
  return element(
    "td",
    { className, title: label },
    element("span", { textContent: text, ariaHidden: "true" }),
    element("span", { className: "visually-hidden", textContent: label }),
  );
}
