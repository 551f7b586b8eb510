// Node entry: the WebAssembly module is read from disk and instantiated on import.
import { readFileSync } from "node:fs";
import { initSync } from "./crm_canon.js";

initSync({ module: readFileSync(new URL("./crm_canon_bg.wasm", import.meta.url)) });

export * from "./api.js";
export { initSync };

/** Already loaded in Node; awaiting it is harmless, so the same code runs in every runtime. */
export default async function init() {}
