// Helpers a careful hand-written mapper would have.
export const present = (v) => v !== null && v !== undefined && v !== "";

/** Any vendor date-time (ISO with Z or ±hh:mm / ±hhmm, epoch-ms digits, date only) as toISOString(). */
export function iso(value) {
  if (!present(value)) return undefined;
  if (typeof value === "number" || /^\d+$/.test(value)) return new Date(Number(value)).toISOString();
  let text = value.replace(/([+-]\d\d)(\d\d)$/, "$1:$2");
  if (/^\d{4}-\d\d-\d\d$/.test(text)) text += "T00:00:00Z";
  else if (/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text)) text = text.replace(" ", "T") + "Z";
  return new Date(text).toISOString();
}

export const unique = (list) => [...new Set(list)];

export function join(...parts) {
  const kept = parts.filter(present).map((p) => p.trim()).filter(Boolean);
  return kept.length ? kept.join(" ") : undefined;
}

/** Drops undefined members and empty lists/objects, as canonical output never holds them. */
export function compact(object) {
  for (const key of Object.keys(object)) {
    const v = object[key];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete object[key];
    else if (v && typeof v === "object" && !Array.isArray(v)) {
      compact(v);
      if (Object.keys(v).length === 0) delete object[key];
    }
  }
  return object;
}
