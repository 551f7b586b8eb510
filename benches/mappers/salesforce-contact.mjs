// A hand-written Salesforce Contact mapper.
import { compact, iso, join, present } from "./common.mjs";

const v = (x) => (present(x) ? x : undefined);

export function mapSalesforceContact(r) {
  const telephones = [];
  for (const [key, type] of [["Phone", "WORK"], ["MobilePhone", "MOBILE"], ["HomePhone", "HOME"], ["OtherPhone", "OTHER"], ["Fax", "FAX"]]) {
    if (present(r[key])) telephones.push({ telephone: r[key], type });
  }
  const a = r.MailingAddress ?? {};
  const metadata = [];
  for (const [key, value] of Object.entries(r)) {
    if (key.endsWith("__c") && value !== null) metadata.push({ id: key, slug: key, value });
  }
  return compact({
    id: v(r.Id),
    created_at: iso(r.CreatedDate),
    updated_at: iso(r.LastModifiedDate ?? r.SystemModstamp),
    name: v(r.Name) ?? join(r.FirstName, r.LastName),
    first_name: v(r.FirstName),
    last_name: v(r.LastName),
    title: v(r.Title),
    department: v(r.Department),
    company: v(r.Account?.Name),
    emails: present(r.Email) ? [{ email: r.Email, type: "WORK" }] : [],
    telephones,
    address: {
      address1: v(r.MailingStreet) ?? v(a.street),
      city: v(r.MailingCity) ?? v(a.city),
      region: v(r.MailingState) ?? v(a.state),
      region_code: v(r.MailingStateCode) ?? v(a.stateCode),
      postal_code: v(r.MailingPostalCode) ?? v(a.postalCode),
      country: v(r.MailingCountry) ?? v(a.country),
      country_code: v(r.MailingCountryCode) ?? v(a.countryCode),
    },
    company_ids: present(r.AccountId) ? [r.AccountId] : [],
    user_id: v(r.OwnerId),
    metadata,
  });
}

export const mapSalesforcePage = (page) => page.records.map(mapSalesforceContact);
