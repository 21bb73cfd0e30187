// Pipedrive adapter: a custom UI panel (app extensions) on the organization
// detail view loads frame-host.html?crm=pipedrive; Pipedrive adds ?id=…
// &resource=organization&view=details&selectedIds=…&userId=…&companyId=…
// &token=… to the URL. The app-extensions SDK (vendor/app-extensions-sdk.umd.js,
// copied from the npm package @pipedrive/app-extensions-sdk by the deployer)
// must be initialised for Pipedrive to show the panel. The organization is
// read from the deployer's same-origin endpoint (data-pipedrive-organization-url
// on frame-host.html), which returns GET /v1/organizations/{id}.

import { makeMessage, ProtocolError } from '../protocol.js';

export const FIELD_MAP = 'pipedrive';
export const SDK_SCRIPT = 'vendor/app-extensions-sdk.umd.js';

/** The custom panel's context, from its URL query. */
export function contextFromQuery(search) {
  const q = new URLSearchParams(search);
  const selected = (q.get('selectedIds') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    identifier: q.get('id'),
    resource: q.get('resource'),
    view: q.get('view'),
    selectedIds: selected,
    userId: q.get('userId'),
    companyId: q.get('companyId'),
  };
}

/**
 * An organization from GET /v1/organizations/{id} ({success, data}) or its
 * `data`, as a flat record. Custom fields stay under their hash keys, as the
 * field map names them; an object value ({value, …}, e.g. owner_id) is read
 * through its `value`, and `name` stays the label.
 */
export function pipedriveToRecord(response) {
  const data = response && typeof response === 'object' && 'data' in response ? response.data : response;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw Object.assign(new Error('a Pipedrive organization must be an object'), { code: 'invalid-type', path: 'data' });
  }
  const flat = {};
  for (const [key, value] of Object.entries(data)) {
    flat[key] = value !== null && typeof value === 'object' && !Array.isArray(value) && 'value' in value ? value.value : value;
  }
  return flat;
}

/** The `score` message for an organization response. */
export function toScoreMessage(response, { requestId, profileId, fieldMap = FIELD_MAP } = {}) {
  const body = { record: pipedriveToRecord(response), fieldMap };
  if (profileId) body.profileId = profileId;
  return makeMessage('score', requestId, body);
}

/** frame-host.html?crm=pipedrive: initialises the SDK, reads and scores the organization. */
export async function start(env, score) {
  const ctx = contextFromQuery(env.location.search);
  const SDK = env.window.AppExtensionsSDK;
  if (typeof SDK === 'function') await new SDK({ identifier: ctx.identifier }).initialize();
  if (ctx.resource !== 'organization' || ctx.selectedIds.length !== 1) {
    throw new ProtocolError('invalid-type', 'resource', 'open the panel from one organization\'s detail view');
  }
  const template = env.html.getAttribute('data-pipedrive-organization-url');
  if (!template) throw new ProtocolError('missing-field', 'data-pipedrive-organization-url', 'set data-pipedrive-organization-url on frame-host.html');
  const url = new URL(template.replace('{id}', encodeURIComponent(ctx.selectedIds[0])), env.location.href);
  if (url.origin !== env.location.origin) throw new ProtocolError('out-of-range', 'data-pipedrive-organization-url', 'must be on this page\'s origin');
  const res = await fetch(url, { credentials: 'same-origin' });
  const { record, fieldMap } = toScoreMessage(await res.json(), { requestId: 'unused' });
  await score({ record, fieldMap });
}
