// Browser and bundler entry: call `await init()` once before the first conversion.
export * from "./crm_canon.js";
export { default, initSync } from "./crm_canon.js";
