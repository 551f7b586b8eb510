// crm-canon: TypeScript declarations.
// Generated from the Rust schema by tests/typescript.rs; do not edit by hand.

/** RFC 3339 in UTC, written like `toISOString()`: `2024-01-15T10:30:00.000Z`. */
export type DateTime = string;

/** A custom-field value: any JSON value but `null`. */
export type MetadataValue = string | number | boolean | MetadataValue[] | { [key: string]: MetadataValue };

/** The shipped vendor tables. */
export type Vendor = "hubspot" | "salesforce" | "pipedrive" | "dynamics" | "zoho" | "close" | "copper";

/** The canonical objects. */
export type ObjectName = "contact" | "company" | "deal" | "lead" | "event" | "pipeline";

/** Open enum: the listed values are canonical; vendor values outside them pass through. */
export type EmailType = "WORK" | "HOME" | "OTHER" | (string & {});

export interface Email {
  email?: string;
  type?: EmailType;
}

/** Open enum: the listed values are canonical; vendor values outside them pass through. */
export type TelephoneType = "WORK" | "HOME" | "OTHER" | "FAX" | "MOBILE" | (string & {});

export interface Telephone {
  telephone: string;
  type?: TelephoneType;
}

export interface Address {
  address1?: string;
  address2?: string;
  city?: string;
  region?: string;
  region_code?: string;
  postal_code?: string;
  country?: string;
  country_code?: string;
}

/** Open enum: the listed values are canonical; vendor values outside them pass through. */
export type MetadataFormat = "TEXT" | "NUMBER" | "DATE" | "BOOLEAN" | "FILE" | "TEXTAREA" | "SINGLE_SELECT" | "MULTIPLE_SELECT" | "MEASUREMENT" | "PRICE" | "YES_NO" | "CURRENCY" | "URL" | (string & {});

export interface Metadata {
  id?: string;
  slug?: string;
  namespace?: string;
  format?: MetadataFormat;
  value?: MetadataValue;
  extra_data?: MetadataValue;
}

export interface Contact {
  id?: string;
  created_at?: DateTime;
  updated_at?: DateTime;
  name?: string;
  first_name?: string;
  last_name?: string;
  title?: string;
  department?: string;
  company?: string;
  emails?: Email[];
  telephones?: Telephone[];
  address?: Address;
  image_url?: string;
  link_urls?: string[];
  company_ids?: string[];
  deal_ids?: string[];
  user_id?: string;
  metadata?: Metadata[];
  raw?: Record<string, unknown>;
}

export interface Company {
  id?: string;
  created_at?: DateTime;
  updated_at?: DateTime;
  name?: string;
  description?: string;
  industry?: string;
  employees?: number;
  timezone?: string;
  is_active?: boolean;
  tags?: string[];
  domains?: string[];
  websites?: string[];
  link_urls?: string[];
  emails?: Email[];
  telephones?: Telephone[];
  address?: Address;
  contact_ids?: string[];
  deal_ids?: string[];
  user_id?: string;
  metadata?: Metadata[];
  raw?: Record<string, unknown>;
}

/** Open enum: the listed values are canonical; vendor values outside them pass through. */
export type DealStatus = "OPEN" | "WON" | "LOST" | (string & {});

export interface Reference {
  id?: string;
  name?: string;
  type?: string;
}

export interface Deal {
  id?: string;
  created_at?: DateTime;
  updated_at?: DateTime;
  name?: string;
  amount?: number;
  currency?: string;
  closed_at?: DateTime;
  closing_at?: DateTime;
  description?: string;
  probability?: number;
  source?: string;
  lost_reason?: string;
  won_reason?: string;
  status?: DealStatus;
  tags?: string[];
  stages?: Reference[];
  pipelines?: Reference[];
  company_ids?: string[];
  contact_ids?: string[];
  user_id?: string;
  metadata?: Metadata[];
  raw?: Record<string, unknown>;
}

export interface Lead {
  id?: string;
  created_at?: DateTime;
  updated_at?: DateTime;
  name?: string;
  first_name?: string;
  last_name?: string;
  company_name?: string;
  company_id?: string;
  contact_id?: string;
  user_id?: string;
  creator_user_id?: string;
  is_active?: boolean;
  source?: string;
  status?: string;
  emails?: Email[];
  telephones?: Telephone[];
  address?: Address;
  link_urls?: string[];
  metadata?: Metadata[];
  raw?: Record<string, unknown>;
}

/** Open enum: the listed values are canonical; vendor values outside them pass through. */
export type EventType = "NOTE" | "EMAIL" | "TASK" | "MEETING" | "CALL" | "MARKETING_EMAIL" | "FORM" | "PAGE_VIEW" | (string & {});

export interface EventNote {
  description?: string;
  title?: string;
}

export interface EventMeeting {
  title?: string;
  description?: string;
  start_at?: DateTime;
  end_at?: DateTime;
}

export interface EventEmail {
  subject?: string;
  body?: string;
  from?: string;
  to?: string[];
  cc?: string[];
  attachment_file_ids?: string[];
}

export interface EventCall {
  description?: string;
  duration?: number;
  start_at?: DateTime;
}

/** Open enum: the listed values are canonical; vendor values outside them pass through. */
export type EventTaskStatus = "COMPLETED" | "NOT_STARTED" | "WORK_IN_PROGRESS" | "DEFERRED" | (string & {});

/** Open enum: the listed values are canonical; vendor values outside them pass through. */
export type EventTaskPriority = "HIGH" | "MEDIUM" | "LOW" | (string & {});

export interface EventTask {
  name?: string;
  description?: string;
  due_at?: DateTime;
  status?: EventTaskStatus;
  priority?: EventTaskPriority;
}

export interface EventMarketingEmail {
  name?: string;
  subject?: string;
  body?: string;
  from?: string;
  to?: string[];
  cc?: string[];
  attachment_file_ids?: string[];
}

/** Open enum: the listed values are canonical; vendor values outside them pass through. */
export type EventFormFieldType = "TEXT" | "NUMBER" | "DATE" | "BOOLEAN" | "MULTIPLE_CHOICE" | "FILE" | "TEXTAREA" | "SINGLE_SELECT" | "MULTIPLE_SELECT" | "EMAIL" | "PHONE" | "YES_NO" | "CURRENCY" | "URL" | (string & {});

export interface EventFormFieldOption {
  label?: string;
  value?: string;
}

export interface EventFormField {
  name?: string;
  required?: boolean;
  type?: EventFormFieldType;
  options?: EventFormFieldOption[];
}

export interface EventForm {
  name?: string;
  redirect_url?: string;
  archived_at?: DateTime;
  fields?: EventFormField[];
}

export interface EventPageView {
  url?: string;
  count?: number;
  average?: number;
}

export interface Event {
  id?: string;
  created_at?: DateTime;
  updated_at?: DateTime;
  type?: EventType;
  note?: EventNote;
  meeting?: EventMeeting;
  email?: EventEmail;
  call?: EventCall;
  task?: EventTask;
  marketing_email?: EventMarketingEmail;
  form?: EventForm;
  page_view?: EventPageView;
  deal_ids?: string[];
  company_ids?: string[];
  contact_ids?: string[];
  lead_ids?: string[];
  user_id?: string;
  raw?: Record<string, unknown>;
}

export interface Stage {
  id?: string;
  created_at?: DateTime;
  updated_at?: DateTime;
  name?: string;
  active?: boolean;
  is_closed?: boolean;
  deal_probability?: number;
  display_order?: number;
}

export interface Pipeline {
  id?: string;
  created_at?: DateTime;
  updated_at?: DateTime;
  name?: string;
  is_active?: boolean;
  deal_probability?: number;
  display_order?: number;
  stages?: Stage[];
  raw?: Record<string, unknown>;
}

/** Each object name's canonical record type. */
export interface CanonicalObjects {
  contact: Contact;
  company: Company;
  deal: Deal;
  lead: Lead;
  event: Event;
  pipeline: Pipeline;
}

/** Stable error codes. */
export type ErrorCode = "invalid_json" | "invalid_utf8" | "wrong_type" | "invalid_value" | "unknown_vendor" | "unknown_object" | "unknown_mode" | "unknown_field" | "unknown_projection" | "missing_required" | "not_writable" | "undetectable_type" | "invalid_table" | "invalid_override" | "invalid_profile" | "invalid_state" | "usage" | "io";

/** Stable warning codes: of `fromCanonical`, and of lenient reads (`onWarning`). */
export type WarningCode = "read_only" | "not_writable" | "create_only" | "precision_lost" | "overridden" | "dropped" | "retyped" | "ignored" | "wrong_type" | "invalid_value";

/** Stable codes of the problems of a table, an override or a profile (`mappings/README.md`, "Problems"). */
export type ProblemCode = "invalid_json" | "wrong_type" | "unknown_key" | "missing_key" | "unknown_name" | "out_of_range" | "invalid_pointer" | "unknown_definition" | "definition_cycle" | "missing_parameter" | "unused_parameter" | "unused_definition" | "invalid_use" | "condition_operator" | "rule_source" | "unknown_field" | "engine_field" | "kind_mismatch" | "transform_mismatch" | "value_mismatch" | "conflicting_keys" | "template_without_value" | "unknown_object" | "no_metadata" | "invalid_slug" | "not_an_event" | "entries_conflict" | "unknown_value" | "unknown_vendor" | "unknown_variant" | "unknown_endpoint" | "missing_value" | "unexpected_definition";

/** A canonical record as `fromCanonical` takes it: `null` clears a field in the vendor. */
export type CanonicalInput<T> = { [K in keyof T]?: T[K] | null };

export interface ReadOptions {
  /** Canonical fields to return (`["name", "emails", "raw"]`, `"raw.properties.tier"`); default: all but `raw`. */
  fields?: string[] | string;
  /** The vendor object the records are, when a record cannot tell (`"calls"`, `"Task"`). */
  vendorObject?: string;
  /**
   * Mask personal data for AI use (the README's Redaction section lists exactly what is touched).
   * `"pii"`: names, emails, phones, street lines and postal codes, free text (notes, descriptions,
   * event subjects and bodies), link URLs, custom-field values, and in `raw` the places feeding them and
   * every place no table reads; ids, dates, amounts, stages, types and cities stay. An array adds
   * canonical JSON Pointers (`["pii", "/title"]`) or names only those (`["/note/title"]`). Masks are
   * deterministic, so records still join.
   */
  redact?: Redact;
  /**
   * The key of the masking hash. Without it a public key is used, and a short value (a first name) can
   * be found by hashing candidates: pass a secret key when the output leaves your systems.
   */
  redactKey?: string;
  /**
   * Read leniently: a value that does not convert (a date that is not a date, a word in a number field)
   * leaves its field out and is reported here (`wrong_type` or `invalid_value`, path into the input)
   * instead of failing the read. Called after the read, once per warning.
   */
  onWarning?: (warning: Warning) => void;
  /** A partial table layered over the shipped one (`mappings/README.md`, "Overrides"): an object or JSON text. */
  override?: Override | string;
  /**
   * The org's own metadata (`mappings/README.md`, "Org profiles"): the vendor's metadata endpoint
   * responses keyed by endpoint path, as an object or JSON text. Resolves custom-field slugs, formats and
   * option labels, stage and pipeline names and a deal's status from its stage; on write, names to ids and
   * the org's required and read-only fields. Problems throw an `invalid_profile` error whose `path` points
   * into the profile.
   */
  profile?: Profile | string;
  /**
   * Return each record as `{ record, sources }`: `sources` maps each canonical value's JSON Pointer
   * (`/emails/0/email`) to the JSON Pointer of the vendor value it was read from, in the input document
   * (`/properties/email`; `/results/3/properties/email` inside a list envelope), or to several pointers
   * where several vendor values feed one canonical value (a name joined from first and last).
   */
  explain?: boolean;
}

/** A canonical record with, for each canonical value, the vendor value(s) it was read from. */
export interface Explained<T> {
  record: T;
  /** Canonical JSON Pointer -> vendor JSON Pointer (or pointers). Values given by the table alone are absent. */
  sources: { [canonical: string]: string | string[] };
}

/** A redaction policy: `"pii"`, and/or canonical JSON Pointers of fields to mask. */
export type Redact = "pii" | Array<"pii" | `/${string}`>;

export interface WriteOptions {
  /** `create` checks required fields; `update` writes only the fields given. */
  mode: "create" | "update";
  /** The vendor object to write, for events without a `type`. */
  vendorObject?: string;
  /** A partial table layered over the shipped one (`mappings/README.md`, "Overrides"): an object or JSON text. */
  override?: Override | string;
  /**
   * The org's own metadata (`mappings/README.md`, "Org profiles"): the vendor's metadata endpoint
   * responses keyed by endpoint path, as an object or JSON text. Resolves custom-field slugs, formats and
   * option labels, stage and pipeline names and a deal's status from its stage; on write, names to ids and
   * the org's required and read-only fields. Problems throw an `invalid_profile` error whose `path` points
   * into the profile.
   */
  profile?: Profile | string;
}

/**
 * An org profile: endpoint path (`/v1/personFields`, `/crm/v3/pipelines/deals`, any API version) -> that
 * endpoint's response, unchanged. The accepted paths of each vendor are listed in the README.
 */
export type Profile = { [endpoint: string]: unknown };

/**
 * A caller's override of a shipped table (`mappings/README.md`, "Overrides"; `mappings/schema.json#/$defs/override`).
 * Problems in it throw an `invalid_table` error whose `path` points into the override.
 */
export interface Override {
  vendor: Vendor;
  empty_string?: "value" | "absent";
  clear_with?: string | number | boolean | null;
  envelopes?: string[];
  write_envelope?: string;
  note?: string;
  objects?: { [O in ObjectName]?: ObjectOverride };
}

export interface ObjectOverride {
  /** Rules replacing the shipped rules for the same canonical `field`, or `{ field, remove: true }`. */
  fields?: (Record<string, unknown> & { field: string })[];
  /** Replaces every custom-field rule of the object. */
  custom?: Record<string, unknown>[];
  /** Vendor custom-field key -> metadata slug (`{ Tier__c: "account_tier" }`), both directions. */
  slugs?: Record<string, string>;
  /** Event variants picked by `vendor_object` (and `type`), their `fields` layered the same way. */
  variants?: { vendor_object: string; type?: EventType; fields?: (Record<string, unknown> & { field: string })[] }[];
  note?: string;
}

export interface Warning {
  code: WarningCode;
  /** JSON Pointer into the input: the canonical record of a write, the vendor document of a read. */
  path: string;
  message: string;
}

export interface Written {
  /** The vendor request body. */
  body: Record<string, unknown>;
  /** What could not be written exactly. */
  warnings: Warning[];
  /** The vendor object the body is for (`contacts`, `Task`, `persons`). */
  vendorObject: string;
}

/** One problem of a table, an override or a profile: a stable code and its place in that document. */
export interface Problem {
  code: ProblemCode;
  /** JSON Pointer into the document; for a problem inside a used definition, the place of use. */
  pointer: string;
  /** For a problem inside a used definition: its place inside the document's `definitions`. */
  definition?: string;
  message: string;
}

/** What crm-canon throws: a real `Error` with a stable `code` and the JSON Pointer `path` of the problem. */
export interface CrmCanonError extends Error {
  name: "CrmCanonError";
  code: ErrorCode;
  path: string;
  /** `invalid_table`, `invalid_override`, `invalid_profile`: every problem of the document (empty otherwise). */
  problems: Problem[];
}

export interface FieldCapability {
  /** Canonical JSON Pointer (`/name`, `/address/city`, `/stages/name`). */
  field: string;
  reads: boolean;
  writes: boolean;
  required: boolean;
  create_only: boolean;
}

export interface Capabilities {
  vendor: Vendor;
  object: ObjectName;
  vendor_objects: string[];
  writable: boolean;
  fields: FieldCapability[];
  variants?: { vendor_object: string; type: EventType; fields: FieldCapability[] }[];
}

/** Where a page was asked from, for vendors whose list responses do not say (Close `_skip`, Copper `page_number`). */
export interface PageOptions extends ReadOptions {
  /** The offset (Close `_skip`) this page was asked at; 0 when absent. */
  offset?: number;
  /** The page number (Copper `page_number`) this page was asked for; 1 when absent. */
  page?: number;
}

/** A list response's canonical records and the cursor of its next page. */
export interface Page<T> {
  records: T[];
  /**
   * What the vendor's list endpoint takes for the next page, `null` on the last: HubSpot `after`,
   * Salesforce `nextRecordsUrl` (a path), Pipedrive `start` (v1) or `cursor` (v2), Dynamics
   * `@odata.nextLink` (a URL), Zoho `page_token` or `page`, Close `_skip`, Copper `page_number`.
   */
  next: string | number | null;
}

/** One list response (a JS value, or JSON text) to its canonical records and the next page's cursor. */
export function toCanonicalPage<O extends ObjectName>(
  vendor: Vendor,
  object: O,
  input: unknown,
  options?: PageOptions,
): Page<CanonicalObjects[O]>;

/** A change to one record: from the vendor's webhook (`NATIVE`) or from comparing polled pages (`VIRTUAL`). */
export interface ChangeEvent<T = unknown> {
  type: "NATIVE" | "VIRTUAL";
  object: ObjectName;
  event: "created" | "updated" | "deleted";
  id: string;
  /** The canonical record (for a deletion, `{ id }`). */
  data: T;
  /** The canonical JSON Pointers of the top-level fields that changed (updates). */
  changed?: string[];
  occurred_at?: string;
  /** The vendor's event id, or a hash of the event's content: the same change gives the same id. */
  event_id: string;
}

/** The state change detection keeps between calls: record ids and fingerprints, never record content. */
export interface ChangeState {
  version: 1;
  vendor: Vendor;
  object: ObjectName;
  records: { [id: string]: { [field: string]: string } };
}

/** Change events of one polled list response against the state of the last call (`null` the first time). */
export function detectChanges<O extends ObjectName>(
  vendor: Vendor,
  object: O,
  page: unknown,
  state: ChangeState | string | null | undefined,
  options?: ReadOptions & { complete?: boolean },
): { events: ChangeEvent<CanonicalObjects[O]>[]; state: ChangeState };

/** The change events of one webhook payload (a JS value, or the request body's text), in the payload's order. */
export function fromWebhook(
  vendor: Vendor,
  payload: unknown,
  options?: { profile?: Profile | string; onWarning?: (warning: Warning) => void },
): ChangeEvent[];

/** Events as Unified-style deliveries, one `{ type, data }` per origin present. */
export function toDelivery<T>(events: ChangeEvent<T>[] | string): { type: "NATIVE" | "VIRTUAL"; data: T[] }[];

/** With `explain: true`: each canonical record with the vendor pointers its values were read from. */
export function toCanonical<O extends ObjectName>(
  vendor: Vendor,
  object: O,
  input: unknown,
  options: ReadOptions & { explain: true },
): Explained<CanonicalObjects[O]> | Explained<CanonicalObjects[O]>[];

/** Vendor records (a JS value, or JSON text) to canonical records: one object for a record, an array for a list. */
export function toCanonical<O extends ObjectName>(
  vendor: Vendor,
  object: O,
  input: unknown,
  options?: ReadOptions,
): CanonicalObjects[O] | CanonicalObjects[O][];

/** The bulk path: vendor JSON text to canonical JSON text. */
export function toCanonicalJson(vendor: Vendor, object: ObjectName, json: string, options?: ReadOptions): string;

/** Vendor JSON as UTF-8 bytes (a Worker's request body) to canonical JSON as UTF-8 bytes. */
export function toCanonicalBytes(vendor: Vendor, object: ObjectName, bytes: Uint8Array, options?: ReadOptions): Uint8Array;

/** A canonical record to the vendor's request body, with warnings. */
export function fromCanonical<O extends ObjectName>(
  vendor: Vendor,
  object: O,
  canonical: CanonicalInput<CanonicalObjects[O]> | string,
  options: WriteOptions,
): Written;

/** The shipped vendors. */
export function vendors(): Vendor[];

/** Which canonical fields a vendor reads, writes and requires on create (with `override`: over the layered table). */
export function capabilities(vendor: Vendor, object: ObjectName, options?: { override?: Override | string }): Capabilities;

/**
 * Loads the WebAssembly module. Needed once in browsers (`await init()`); in Node and Workers the module is
 * loaded on import and this resolves at once.
 */
export default function init(input?: unknown): Promise<unknown>;

/** Loads the WebAssembly module synchronously from a `WebAssembly.Module` or bytes. */
export function initSync(input: { module: unknown }): unknown;
