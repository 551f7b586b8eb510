// A Cloudflare Worker: POST /:vendor/:object with a vendor payload, get canonical JSON back.
// GET /:vendor/:object/capabilities describes what the vendor maps.
import * as crm from "crm-canon";

function json(value, status) {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const [vendor, object, extra] = url.pathname.split("/").filter(Boolean);
    try {
      if (request.method === "GET" && extra === "capabilities") {
        return json(crm.capabilities(vendor, object), 200);
      }
      if (request.method !== "POST" || !vendor || !object || extra) {
        return json({ error: { code: "usage", message: "POST /:vendor/:object with a vendor payload" } }, 404);
      }
      const body = new Uint8Array(await request.arrayBuffer());
      const options = {
        fields: url.searchParams.get("fields") ?? undefined,
        vendorObject: url.searchParams.get("vendor_object") ?? undefined,
      };
      const canonical = crm.toCanonicalBytes(vendor, object, body, options);
      return new Response(canonical, { headers: { "content-type": "application/json" } });
    } catch (error) {
      const notFound = error.code === "unknown_vendor" || error.code === "unknown_object";
      return json({ error: { code: error.code, path: error.path, message: error.message } }, notFound ? 404 : 400);
    }
  },
};
