// Cloudflare Workers entry: the runtime hands a `.wasm` import over as a compiled WebAssembly.Module.
import wasm from "./crm_canon_bg.wasm";
import { initSync } from "./crm_canon.js";

initSync({ module: wasm });

export * from "./api.js";
export { initSync };

/** Already loaded in Workers; awaiting it is harmless, so the same code runs in every runtime. */
export default async function init() {}
