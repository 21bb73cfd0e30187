// Pipedrive adapter: a custom UI panel (app extensions) on the organization
// detail view loads frame-host.html?crm=pipedrive; Pipedrive adds ?id=…
// &resource=organization&view=details&selectedIds=…&userId=…&companyId=…
// &token=… to the URL. `token` is a JWT signed with the app's secret: the
// adapter sends it (or a fresh one from Command.GET_SIGNED_TOKEN) as an
// Authorization header to the deployer's same-origin endpoint
// (data-pipedrive-organization-url on frame-host.html), which verifies it and
// returns GET /v1/organizations/{id}. The app-extensions SDK
// (vendor/app-extensions-sdk.umd.js, copied from the npm package
// @pipedrive/app-extensions-sdk by the deployer) must be initialised for
// Pipedrive to show the panel. See www/crm/hosts/pipedrive/README.md.

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

/** Pipedrive's limits on a custom panel's height, in CSS pixels (see www/crm/hosts/pipedrive/README.md). */
export const PANEL_MIN_HEIGHT = 100;
export const PANEL_MAX_HEIGHT = 750;

/** A height for Pipedrive's RESIZE command: whole pixels within 100-750. */
export function clampPanelHeight(height) {
  const h = Number.isFinite(height) ? Math.ceil(height) : PANEL_MIN_HEIGHT;
  return Math.max(PANEL_MIN_HEIGHT, Math.min(PANEL_MAX_HEIGHT, h));
}

/** The signed `token` Pipedrive appends to the iframe URL (a JWT), or null. */
export function signedTokenFromQuery(search) {
  const t = new URLSearchParams(search).get('token');
  return t && t.length <= 8192 ? t : null;
}

/**
 * Reads the organization from the deployer's endpoint, sending the signed
 * token as `Authorization: Bearer …` (no cookie: a third-party iframe may not
 * send one). `getToken()` gives a fresh token (Command.GET_SIGNED_TOKEN) when
 * the URL had none or the endpoint refuses the URL's as expired.
 */
export async function fetchOrganization(url, { token, getToken, fetchImpl = fetch }) {
  const ask = (t) => fetchImpl(url, { headers: { Authorization: `Bearer ${t}`, Accept: 'application/json' }, credentials: 'omit' });
  let res = token ? await ask(token) : null;
  if (res === null || res.status === 401) res = await ask(await getToken());
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const code = typeof body?.code === 'string' ? body.code : 'internal';
    throw new ProtocolError(code, typeof body?.path === 'string' ? body.path : 'organization',
      `the organization endpoint answered HTTP ${res.status}${body?.message ? `: ${body.message}` : ''}`);
  }
  return body;
}

/**
 * frame-host.html?crm=pipedrive: initialises the SDK (Pipedrive shows the
 * panel only then), follows the panel's height with the SDK's RESIZE command
 * (clamped to 100-750 px), reads the organization through the deployer's
 * endpoint with the signed token and scores it.
 */
export async function start(env, score, panel) {
  const ctx = contextFromQuery(env.location.search);
  const SDK = env.window.AppExtensionsSDK;
  if (typeof SDK !== 'function') {
    throw new ProtocolError('missing-field', 'AppExtensionsSDK', `the Pipedrive SDK is missing: copy it to adapters/${SDK_SCRIPT} (www/crm/hosts/pipedrive/README.md)`);
  }
  const Command = SDK.Command ?? { RESIZE: 'resize', GET_SIGNED_TOKEN: 'get_signed_token' };
  const sdk = await new SDK({ identifier: ctx.identifier ?? undefined }).initialize();
  let lastHeight = 0;
  panel?.onResize((height) => {
    const h = clampPanelHeight(height);
    if (h === lastHeight) return;
    lastHeight = h;
    sdk.execute(Command.RESIZE, { height: h }).catch(() => {});
  });
  if (ctx.resource !== 'organization' || ctx.selectedIds.length !== 1) {
    throw new ProtocolError('invalid-type', 'resource', 'open the panel from one organization\'s detail view');
  }
  const template = env.html.getAttribute('data-pipedrive-organization-url');
  if (!template) throw new ProtocolError('missing-field', 'data-pipedrive-organization-url', 'set data-pipedrive-organization-url on frame-host.html');
  const url = new URL(template.replace('{id}', encodeURIComponent(ctx.selectedIds[0])), env.location.href);
  if (url.origin !== env.location.origin) throw new ProtocolError('out-of-range', 'data-pipedrive-organization-url', 'must be on this page\'s origin');
  const response = await fetchOrganization(url, {
    token: signedTokenFromQuery(env.location.search),
    getToken: async () => (await sdk.execute(Command.GET_SIGNED_TOKEN)).token,
  });
  const { record, fieldMap } = toScoreMessage(response, { requestId: 'unused' });
  await score({ record, fieldMap });
}
