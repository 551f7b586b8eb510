// Deterministic benchmark pages: 10,000 records each of HubSpot contacts, Salesforce contacts and
// Pipedrive deals, two thirds full and one third sparse, in the vendors' list envelopes.
// Usage: node benches/generate.mjs OUT_DIR [COUNT]
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2] ?? "target/bench";
const count = Number(process.argv[3] ?? 10000);
mkdirSync(out, { recursive: true });

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];
const first = ["Maria", "Anders", "Lena", "Priya", "Keiko", "Sam", "Jonas", "Ana", "Chidi", "Mei", "Olivia", "Mateo"];
const last = ["Okafor", "Lindqvist", "Fischer", "Raman", "Tanabe", "Reyes", "Weber", "Souza", "Eze", "Chen", "O'Brien"];
const companies = ["Northwind Traders", "Fabrikam, Inc.", "Contoso Ltd", "Alpenbau GmbH", "Fjordline Logistics AB"];
const cities = [["Oakland", "CA", "94607"], ["Boston", "MA", "02110"], ["Redmond", "WA", "98052"], ["Austin", "TX", "73301"]];
const iso = (ms) => new Date(ms).toISOString();
const sfDate = (ms) => new Date(ms).toISOString().replace("Z", "+0000");
const base = Date.UTC(2024, 0, 1);
const day = 86_400_000;

function hubspotContact(i) {
  const full = i % 3 !== 2;
  const [fn, ln, co] = [pick(first), pick(last), pick(companies)];
  const [city, state, zip] = pick(cities);
  const created = base + Math.floor(rand() * 300) * day + i * 1000;
  const p = {
    createdate: iso(created),
    email: `${fn}.${ln}${i}@example.com`.toLowerCase(),
    firstname: fn,
    lastname: full ? ln : null,
    phone: full ? `+1 415 555 ${String(1000 + (i % 9000)).padStart(4, "0")}` : "",
    mobilephone: i % 2 === 0 ? `+1 415 555 ${String(2000 + (i % 7000)).padStart(4, "0")}` : null,
    company: co,
    jobtitle: full ? pick(["VP Operations", "CTO", "Buyer", "Head of Sales"]) : null,
    hs_lead_status: pick(["NEW", "OPEN", "IN_PROGRESS"]),
    lifecyclestage: pick(["lead", "customer", "salesqualifiedlead"]),
    hubspot_owner_id: String(71234560 + (i % 7)),
    hs_object_id: String(100000 + i),
    lastmodifieddate: iso(created + 5 * day),
    hs_analytics_source: "ORGANIC_SEARCH",
    hs_email_domain: "example.com",
    notes_last_updated: iso(created + 3 * day),
  };
  if (full) {
    Object.assign(p, {
      address: `${100 + (i % 900)} Harbor Blvd`,
      city,
      state,
      zip,
      country: "United States",
      website: `https://example.com/team/${i}`,
      customer_tier: pick(["gold", "silver", "gold;priority_support"]),
      hs_additional_emails: i % 5 === 0 ? `alt${i}@example.org;other${i}@example.net` : null,
    });
  }
  const record = { id: String(100000 + i), properties: p, createdAt: iso(created), updatedAt: iso(created + 5 * day), archived: false };
  if (full) {
    const company = String(9876500000 + (i % 50));
    record.associations = {
      companies: { results: [{ id: company, type: "contact_to_company" }, { id: company, type: "contact_to_company_unlabeled" }] },
    };
  }
  return record;
}

function salesforceContact(i) {
  const full = i % 3 !== 2;
  const [fn, ln] = [pick(first), pick(last)];
  const [city, state, zip] = pick(cities);
  const created = base + Math.floor(rand() * 300) * day + i * 1000;
  const id = `003Hs0000${String(1000000 + i).padStart(9, "0")}`;
  const r = {
    attributes: { type: "Contact", url: `/services/data/v60.0/sobjects/Contact/${id}` },
    Id: id,
    IsDeleted: false,
    AccountId: full ? `001Hs0000${String(2000000 + (i % 50)).padStart(9, "0")}` : null,
    FirstName: full ? fn : null,
    LastName: ln,
    Name: full ? `${fn} ${ln}` : ln,
    Title: full ? pick(["Director of Procurement", "CFO", "Engineer"]) : null,
    Department: full ? pick(["Procurement", "Finance", "IT"]) : null,
    Email: `${fn}.${ln}${i}@example.com`.toLowerCase(),
    Phone: `(617) 555-${String(i % 10000).padStart(4, "0")}`,
    MobilePhone: i % 2 === 0 ? `(617) 555-${String((i + 7) % 10000).padStart(4, "0")}` : null,
    Fax: null,
    MailingStreet: full ? `${1 + (i % 99)} Harbour Way\nSuite ${100 + (i % 400)}` : null,
    MailingCity: full ? city : null,
    MailingState: full ? state : null,
    MailingPostalCode: full ? zip : null,
    MailingCountry: full ? "United States" : null,
    MailingAddress: full ? { city, country: "United States", geocodeAccuracy: null, latitude: null, longitude: null, postalCode: zip, state, street: `${1 + (i % 99)} Harbour Way\nSuite ${100 + (i % 400)}` } : null,
    LeadSource: "Web",
    OwnerId: `005Hs000001AbC${i % 7}IAK`,
    CreatedDate: sfDate(created),
    LastModifiedDate: sfDate(created + 2 * day),
    SystemModstamp: sfDate(created + 2 * day),
    LastActivityDate: "2024-02-01",
    Preferred_Language__c: full ? pick(["Swedish", "English", "German"]) : null,
  };
  return r;
}

function pipedriveDeal(i) {
  const full = i % 3 !== 2;
  const created = base + Math.floor(rand() * 300) * day + i * 1000;
  const status = pick(["open", "open", "won", "lost"]);
  const t = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    id: 9000 + i,
    title: `${pick(companies)} — deal ${i}`,
    creator_user_id: 8812,
    owner_id: 8812 + (i % 5),
    person_id: full ? 2000 + (i % 300) : null,
    org_id: full ? 300 + (i % 80) : null,
    pipeline_id: 1 + (i % 2),
    stage_id: 1 + (i % 6),
    value: full ? Math.round(rand() * 1e7) / 100 : 0,
    currency: "EUR",
    status,
    probability: full && status === "open" ? Math.floor(rand() * 100) : null,
    lost_reason: status === "lost" ? "Went with a competitor" : null,
    add_time: t(created),
    update_time: t(created + 4 * day),
    stage_change_time: t(created + 2 * day),
    close_time: status === "open" ? null : t(created + 9 * day),
    won_time: status === "won" ? t(created + 9 * day) : null,
    lost_time: status === "lost" ? t(created + 9 * day) : null,
    expected_close_date: full ? new Date(created + 30 * day).toISOString().slice(0, 10) : null,
    is_deleted: false,
    is_archived: false,
    visible_to: 3,
    label_ids: [2, 7],
    origin: "ManuallyCreated",
    custom_fields: full
      ? { d9e2f0a1b2c3d4e5f60718293a4b5c6d7e8f9012: i % 100, "0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6": [12, 14], b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6: { value: 1200, currency: "EUR" } }
      : {},
  };
}

const pages = {
  "hubspot-contacts.json": { results: Array.from({ length: count }, (_, i) => hubspotContact(i)), paging: { next: { after: String(count) } } },
  "salesforce-contacts.json": { totalSize: count, done: true, records: Array.from({ length: count }, (_, i) => salesforceContact(i)) },
  "pipedrive-deals.json": { success: true, data: Array.from({ length: count }, (_, i) => pipedriveDeal(i)), additional_data: { next_cursor: null } },
};
for (const [name, page] of Object.entries(pages)) {
  writeFileSync(join(out, name), JSON.stringify(page));
}
console.log(`wrote ${Object.keys(pages).length} pages of ${count} records to ${out}`);
