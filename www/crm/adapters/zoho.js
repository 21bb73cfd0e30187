// Zoho CRM adapter: a widget (externally hosted on the panel's origin and
// registered in Zoho CRM, see www/crm/hosts/zoho/README.md) placed on the
// Accounts detail page loads frame-host.html?crm=zoho. Zoho's embedded-app
// JS SDK (vendor/ZohoEmbededAppSDK.min.js, copied by the deployer from Zoho's
// release; not in this repository) fires PageLoad with {Entity, EntityId};
// the adapter reads the record with ZOHO.CRM.API.getRecord, scores it, and
// follows the panel's height with ZOHO.CRM.UI.Resize.

import { makeMessage } from '../protocol.js';

export const FIELD_MAP = 'zoho';
export const SDK_SCRIPT = 'vendor/ZohoEmbededAppSDK.min.js';

/**
 * A record from ZOHO.CRM.API.getRecord ({data: [record]}) or the record
 * itself, as a flat record of API name → value. Lookups ({name, id}) are
 * read by name; multi-select picklists stay lists.
 */
export function zohoToRecord(response) {
  const rec = Array.isArray(response?.data) ? response.data[0] : response;
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
    throw Object.assign(new Error('a Zoho record must be an object'), { code: 'invalid-type', path: 'data[0]' });
  }
  const flat = {};
  for (const [key, value] of Object.entries(rec)) {
    if (key.startsWith('$')) continue; // system metadata ($approved, $currency_symbol, …)
    flat[key] = value !== null && typeof value === 'object' && !Array.isArray(value) && 'name' in value ? value.name : value;
  }
  return flat;
}

/** The `score` message for a getRecord response. */
export function toScoreMessage(response, { requestId, profileId, fieldMap = FIELD_MAP } = {}) {
  const body = { record: zohoToRecord(response), fieldMap };
  if (profileId) body.profileId = profileId;
  return makeMessage('score', requestId, body);
}

/** A height for ZOHO.CRM.UI.Resize: whole CSS pixels, at least 100. */
export function resizeHeight(height) {
  return Math.max(100, Number.isFinite(height) ? Math.ceil(height) : 100);
}

/**
 * frame-host.html?crm=zoho: waits for PageLoad, reads and scores the
 * record; with `panel` (connectPanel's handle), resizes the widget to the
 * panel's height through ZOHO.CRM.UI.Resize.
 */
export function start(env, score, panel) {
  const ZOHO = env.window.ZOHO;
  if (!ZOHO?.embeddedApp) throw Object.assign(new Error(`the Zoho SDK is missing: copy it to adapters/${SDK_SCRIPT}`), { code: 'missing-field', path: 'ZOHO' });
  ZOHO.embeddedApp.on('PageLoad', async (data) => {
    const id = Array.isArray(data?.EntityId) ? data.EntityId[0] : data?.EntityId;
    const response = await ZOHO.CRM.API.getRecord({ Entity: data?.Entity ?? 'Accounts', RecordID: id });
    const { record, fieldMap } = toScoreMessage(response, { requestId: 'unused' });
    await score({ record, fieldMap });
  });
  const ready = ZOHO.embeddedApp.init();
  if (panel && typeof ZOHO.CRM?.UI?.Resize === 'function') {
    let last = 0;
    // Resize only once the SDK is registered (its messages need the context).
    Promise.resolve(ready).then(() => panel.onResize((height) => {
      const h = resizeHeight(height);
      if (h === last) return;
      last = h;
      Promise.resolve(ZOHO.CRM.UI.Resize({ height: h })).catch(() => {});
    }), () => {});
  }
  return ready;
}
