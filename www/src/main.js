// The record preview page: loads the wasm package and the bundled samples, keeps the shared controls
// (vendor, object, vendor object, org profile) and the URL hash, and runs the shown view on each change.

import init, * as crm from "./pkg/browser.js";
import { CapabilitiesView } from "./capabilities-view.js";
import { readHash, writeHash } from "./hash-state.js";
import { ReadView } from "./read-view.js";
import { WriteView } from "./write-view.js";

const OBJECT_NAMES = ["contact", "company", "deal", "lead", "event", "pipeline"];
const VIEWS = ["read", "write", "capabilities"];

class App {
  constructor(bundle) {
    this.crm = crm;
    this.bundle = bundle;
    this.objectNames = OBJECT_NAMES;
    this.vendors = crm.vendors();
    this.capabilityCache = new Map();
    this.capabilities = (vendor, object) => this.capabilitiesOf(vendor, object);
    this.vendor = () => this.vendorSelect.value;
    this.object = () => this.objectSelect.value;

    this.vendorSelect = document.getElementById("vendor");
    this.objectSelect = document.getElementById("object");
    this.vendorObjectSelect = document.getElementById("vendor-object");
    this.profile = document.getElementById("profile");
    this.profileState = document.getElementById("profile-state");
    this.tabs = [...document.querySelectorAll('[role="tab"]')];

    this.vendorSelect.append(...this.vendors.map((v) => new Option(v, v)));
    this.read = new ReadView(this);
    this.write = new WriteView(this);
    this.caps = new CapabilitiesView(this);
    this.bindControls();
  }

  bindControls() {
    this.vendorSelect.addEventListener("change", () => this.recordChanged(true));
    this.objectSelect.addEventListener("change", () => this.recordChanged(false));
    this.vendorObjectSelect.addEventListener("change", () => this.changed());
    this.profile.addEventListener("input", () => this.setProfile(this.profile.value, false));
    document.getElementById("profile-file").addEventListener("change", async (event) => {
      const file = event.target.files[0];
      if (file) this.setProfile(await file.text(), false);
    });
    document.getElementById("profile-sample").addEventListener("click", () => this.setProfile(this.sampleProfile(), true));
    document.getElementById("profile-clear").addEventListener("click", () => this.setProfile("", false));
    for (const tab of this.tabs) {
      tab.addEventListener("click", () => this.show(tab.dataset.view));
      tab.addEventListener("keydown", (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        const next = this.tabs[(this.tabs.indexOf(tab) + step + this.tabs.length) % this.tabs.length];
        next.focus();
        this.show(next.dataset.view);
      });
    }
    for (const button of document.querySelectorAll("[data-format]")) {
      const view = button.dataset.format === "read-input" ? this.read : this.write;
      button.addEventListener("click", () => view.editor.format());
    }
    window.addEventListener("hashchange", () => this.restore(readHash()));
  }

  capabilitiesOf(vendor, object) {
    const key = `${vendor}/${object}`;
    if (!this.capabilityCache.has(key)) {
      let caps = null;
      try {
        caps = crm.capabilities(vendor, object);
      } catch (error) {
        if (error.code !== "unknown_object") throw error;
      }
      this.capabilityCache.set(key, caps);
    }
    return this.capabilityCache.get(key);
  }

  /** The bundled samples of the chosen vendor and object for `direction` (`read` or `write`). */
  samples(direction) {
    return this.bundle.samples[this.vendor()]?.[this.object()]?.[direction] ?? [];
  }

  vendorObject() {
    return this.vendorObjectSelect.value;
  }

  setVendorObject(name) {
    this.vendorObjectSelect.value = [...this.vendorObjectSelect.options].some((o) => o.value === name) ? name : "";
  }

  /** The options reads and writes share: vendor object and org profile. */
  sharedOptions() {
    const options = {};
    if (this.vendorObject()) options.vendorObject = this.vendorObject();
    if (this.profile.value.trim()) options.profile = this.profile.value;
    return options;
  }

  /** The org profile `text`, the bundled sample of the vendor's when `sample` (it follows the vendor). */
  setProfile(text, sample) {
    this.profile.value = text;
    this.profileSample = sample;
    this.changed();
  }

  sampleProfile() {
    return this.bundle.profiles[this.vendor()] ?? "";
  }

  /** A thrown value as a problem to list; a profile's problems are located in the profile, not the input. */
  problem(error) {
    if (error?.name !== "CrmCanonError") throw error;
    return { problem: error, kind: "error", elsewhere: error.code === "invalid_profile" ? "in the org profile" : "" };
  }

  /** The objects of the chosen vendor, the vendor objects of the chosen object. */
  listObjects(chosen = this.object()) {
    const vendor = this.vendor();
    const objects = OBJECT_NAMES.filter((o) => this.capabilities(vendor, o));
    this.objectSelect.replaceChildren(...objects.map((o) => new Option(o, o)));
    this.objectSelect.value = objects.includes(chosen) ? chosen : objects[0];
    const caps = this.capabilities(vendor, this.object());
    this.vendorObjectSelect.replaceChildren(
      new Option("auto", ""),
      ...caps.vendor_objects.map((v) => new Option(v, v)),
    );
  }

  recordChanged(vendorChanged) {
    this.listObjects();
    if (vendorChanged && this.profileSample) this.profile.value = this.sampleProfile();
    // The write sample's vendor object (auto) first: the read sample's own then wins.
    this.write.input.list();
    this.read.input.list();
    this.changed();
  }

  show(view) {
    this.view = VIEWS.includes(view) ? view : "read";
    for (const tab of this.tabs) {
      const selected = tab.dataset.view === this.view;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      document.getElementById(tab.dataset.view).hidden = !selected;
    }
    document.getElementById("record-controls").hidden = this.view === "capabilities";
    this.changed();
  }

  /** Runs the shown view and records the state in the hash. */
  changed() {
    this.profileState.textContent = this.profile.value.trim() ? (this.profileSample ? "sample" : "yours") : "none";
    ({ read: this.read, write: this.write, capabilities: this.caps })[this.view].run();
    writeHash(this.state());
  }

  state() {
    return {
      view: this.view === "read" ? "" : this.view,
      vendor: this.vendor(),
      object: this.object(),
      vo: this.vendorObject(),
      profile: this.profileSample ? "sample" : "",
      ...this.read.state(),
      ...this.write.state(),
      ...this.caps.state(),
    };
  }

  restore(state) {
    this.vendorSelect.value = this.vendors.includes(state.vendor) ? state.vendor : this.vendors[0];
    this.listObjects(state.object ?? "contact");
    this.profileSample = state.profile === "sample";
    this.profile.value = this.profileSample ? this.sampleProfile() : "";
    this.setVendorObject(state.vo ?? "");
    this.write.restore(state);
    this.read.restore(state);
    this.caps.restore(state);
    if (state.vo !== undefined) this.setVendorObject(state.vo);
    this.show(state.view);
  }
}

try {
  const [bundle] = await Promise.all([fetch("samples.json").then((r) => r.json()), init()]);
  const app = new App(bundle);
  app.restore(readHash());
  document.getElementById("loading").remove();
  document.body.dataset.ready = "true";
} catch (error) {
  const loading = document.getElementById("loading");
  loading.textContent = `The page could not start: ${error.message}`;
  loading.className = "error-text";
  throw error;
}
