// A hand-written Pipedrive deal mapper (API v2 shape).
import { compact, iso, present } from "./common.mjs";

const v = (x) => (present(x) ? x : undefined);
const id = (x) => (present(x) ? String(typeof x === "object" ? x.value : x) : undefined);
const STATUS = { open: "OPEN", won: "WON", lost: "LOST" };

export function mapPipedriveDeal(r) {
  const metadata = Object.entries(r.custom_fields ?? {})
    .filter(([, value]) => value !== null)
    .map(([key, value]) => ({ id: key, slug: key, value }));
  const status = r.status === "deleted" ? undefined : (STATUS[r.status] ?? v(r.status));
  return compact({
    id: id(r.id),
    created_at: iso(r.add_time),
    updated_at: iso(r.update_time),
    name: v(r.title),
    amount: typeof r.value === "number" ? r.value : present(r.value) ? Number(r.value) : undefined,
    currency: v(r.currency),
    closed_at: iso(r.close_time ?? r.won_time ?? r.lost_time),
    closing_at: iso(r.expected_close_date),
    probability: typeof r.probability === "number" ? r.probability : undefined,
    source: v(r.origin),
    lost_reason: v(r.lost_reason),
    status,
    stages: present(r.stage_id) ? [{ id: id(r.stage_id) }] : [],
    pipelines: present(r.pipeline_id) ? [{ id: id(r.pipeline_id) }] : [],
    company_ids: present(r.org_id) ? [id(r.org_id)] : [],
    contact_ids: present(r.person_id) ? [id(r.person_id)] : [],
    user_id: id(r.owner_id ?? r.user_id),
    metadata,
  });
}

export const mapPipedrivePage = (page) => page.data.map(mapPipedriveDeal);
