// Browser and bundler entry: call `await init()` once before the first conversion.
export * from "./api.js";
export { default, initSync } from "./crm_canon.js";
