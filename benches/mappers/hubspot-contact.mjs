// A hand-written HubSpot contact mapper, as a careful developer writes one without crm-canon.
import { compact, iso, join, present, unique } from "./common.mjs";

const MAPPED = new Set(["firstname", "lastname", "jobtitle", "company", "email", "hs_additional_emails", "phone", "mobilephone", "fax",
  "address", "city", "state", "zip", "country", "website", "hubspot_owner_id", "createdate", "lastmodifieddate", "hs_object_id"]);
const SYSTEM = new Set(["createdate", "lastmodifieddate", "hubspot_owner_assigneddate", "hubspot_team_id", "notes_last_updated",
  "notes_last_contacted", "notes_next_activity_date", "num_notes", "num_contacted_notes", "num_associated_deals",
  "num_associated_contacts", "lifecyclestage", "associatedcompanyid", "associatedcompanylastupdated", "days_to_close",
  "first_deal_created_date", "recent_deal_amount", "recent_deal_close_date", "total_revenue", "annualrevenue", "ip_city",
  "ip_country", "ip_state", "ip_country_code", "ip_state_code", "ip_zipcode", "engagements_last_meeting_booked",
  "first_conversion_date", "first_conversion_event_name", "recent_conversion_date", "recent_conversion_event_name",
  "num_conversion_events", "num_unique_conversion_events", "currentlyinworkflow", "dealtype", "amount_in_home_currency",
  "twitterhandle", "linkedinbio", "followercount", "twitterprofilephoto", "message", "salutation", "date_of_birth", "degree",
  "gender", "graduation_date", "job_function", "marital_status", "school", "seniority", "start_date", "work_email",
  "field_of_study", "military_status", "relationship_status", "is_public", "founded_year", "web_technologies", "type",
  "total_money_raised", "twitterfollowers", "facebookfanpage", "facebook_company_page", "googleplus_page", "about_us",
  "closedate", "dealstage", "pipeline"]);

const v = (x) => (present(x) ? x : undefined);

export function mapHubspotContact(r) {
  const p = r.properties ?? {};
  const emails = [];
  if (present(p.email)) emails.push({ email: p.email, type: "WORK" });
  if (present(p.hs_additional_emails)) {
    for (const e of p.hs_additional_emails.split(";").map((s) => s.trim()).filter(Boolean)) emails.push({ email: e, type: "OTHER" });
  }
  const telephones = [];
  if (present(p.phone)) telephones.push({ telephone: p.phone, type: "WORK" });
  if (present(p.mobilephone)) telephones.push({ telephone: p.mobilephone, type: "MOBILE" });
  if (present(p.fax)) telephones.push({ telephone: p.fax, type: "FAX" });
  const metadata = [];
  for (const [key, value] of Object.entries(p)) {
    if (MAPPED.has(key) || SYSTEM.has(key) || key.startsWith("hs_") || !present(value)) continue;
    metadata.push({ id: key, slug: key, value });
  }
  const ids = (kind) => unique((r.associations?.[kind]?.results ?? []).map((a) => String(a.id)));
  return compact({
    id: r.id ?? v(p.hs_object_id),
    created_at: iso(r.createdAt ?? p.createdate),
    updated_at: iso(r.updatedAt ?? p.lastmodifieddate),
    name: join(p.firstname, p.lastname),
    first_name: v(p.firstname),
    last_name: v(p.lastname),
    title: v(p.jobtitle),
    company: v(p.company),
    emails,
    telephones,
    address: { address1: v(p.address), city: v(p.city), region: v(p.state), postal_code: v(p.zip), country: v(p.country) },
    link_urls: present(p.website) ? [p.website] : [],
    company_ids: ids("companies"),
    deal_ids: ids("deals"),
    user_id: v(p.hubspot_owner_id),
    metadata,
  });
}

export const mapHubspotPage = (page) => page.results.map(mapHubspotContact);
