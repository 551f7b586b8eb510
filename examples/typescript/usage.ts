// Compiled with `tsc --strict --noEmit` against the installed package by tests/js/package.test.mjs.
import init, * as crm from "crm-canon";
import type { Contact, CrmCanonError, Deal, Explained, Override, Profile, Written } from "crm-canon";

await init();

const hubspot = { id: "51234", properties: { firstname: "Maria", lastname: "Okafor", mobilephone: "+1 415 555 0199" } };
const read = crm.toCanonical("hubspot", "contact", hubspot);
const contacts: Contact[] = Array.isArray(read) ? read : [read];
const mobile: string | undefined = contacts[0].telephones?.find((t) => t.type === "MOBILE")?.telephone;

const deal = crm.toCanonical("pipedrive", "deal", '{"id": 9120, "title": "Renewal", "status": "won"}');
const single: Deal = Array.isArray(deal) ? deal[0] : deal;
const won: boolean = single.status === "WON";
const stageId: string | undefined = single.stages?.[0]?.id;

const explained = crm.toCanonical("hubspot", "contact", hubspot, { explain: true });
const first: Explained<Contact> = Array.isArray(explained) ? explained[0] : explained;
const from: string | string[] | undefined = first.sources["/first_name"];
const firstName: string | undefined = first.record.first_name;
const redacted = crm.toCanonical("hubspot", "contact", hubspot, { redact: ["pii", "/title"], redactKey: "secret" });
const masked: string | undefined = (Array.isArray(redacted) ? redacted[0] : redacted).first_name;

const written: Written = crm.fromCanonical("salesforce", "contact", { last_name: "Lindqvist", title: null }, { mode: "update" });
for (const warning of written.warnings) {
  console.log(warning.code, warning.path);
}

try {
  crm.toCanonicalJson("hubspot", "contact", "{ not json");
} catch (e) {
  const error = e as CrmCanonError;
  console.log(error.code, error.path, error.message);
}

// An override: the org's own mapping layered over the shipped table.
const tier: Override = { vendor: "salesforce", objects: { company: { slugs: { Tier__c: "account_tier" } } } };
const account = crm.toCanonical("salesforce", "company", { Id: "001A", Tier__c: "Gold" }, { override: tier });
const slug: string | undefined = (Array.isArray(account) ? account[0] : account).metadata?.[0]?.slug;
crm.fromCanonical("hubspot", "lead", { status: "NEW" }, {
  mode: "update",
  override: { vendor: "hubspot", objects: { lead: { fields: [{ field: "/status", path: "/properties/hs_lead_status" }] } } },
});

// An org profile: the tenant's own metadata endpoint responses, passed as they came.
const profile: Profile = {
  "/crm/v3/pipelines/deals": { results: [{ id: "default", label: "Sales", stages: [{ id: "closedwon", label: "Won", metadata: { isClosed: "true", probability: "1.0" } }] }] },
};
const named = crm.toCanonical("hubspot", "deal", { id: "1", properties: { dealstage: "closedwon" } }, { profile });
const stageName: string | undefined = (Array.isArray(named) ? named[0] : named).stages?.[0]?.name;
crm.fromCanonical("hubspot", "deal", { stages: [{ name: "Won" }] }, { mode: "update", profile });

// A list response as a page: its records and the cursor of the next page.
const page = crm.toCanonicalPage("hubspot", "contact", { results: [], paging: { next: { after: "100" } } });
const after: string | number | null = page.next;

// Change detection: keep the state between polls.
const polled = crm.detectChanges("hubspot", "contact", { results: [] }, null);
const deliveries = crm.toDelivery(polled.events);

const fields: string[] = crm.capabilities("hubspot", "deal").fields.filter((f) => f.required).map((f) => f.field);
console.log(mobile, won, stageId, masked, fields, crm.vendors().length, from, firstName, slug, stageName, after, deliveries.length, polled.state.version);
