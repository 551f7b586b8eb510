// The page's state in the URL hash, so a view can be shared. The hash never reaches a server; a
// pasted record is kept in it only up to `MAX_TEXT` characters.

export const MAX_TEXT = 16384;

/** The state in `location.hash`, as a plain object of strings. */
export function readHash() {
  return Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
}

/** Replaces the hash with `state` (empty and over-long values left out), without a history entry. */
export function writeHash(state) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    const text = value === true ? "1" : String(value);
    if (text.length > MAX_TEXT) continue;
    params.set(key, text);
  }
  const hash = `#${params}`;
  if (hash !== location.hash && !(hash === "#" && location.hash === "")) {
    history.replaceState(null, "", hash);
  }
}
