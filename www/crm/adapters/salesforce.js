// Salesforce adapter. A Visualforce page on the Account layout (or a
// Lightning container) is the host: it embeds the panel's iframe and posts
// the Account to it. The wasm runs in the panel's iframe, on the panel's
// origin, never inside Lightning Web Security. See README.md for the page.
//
// Accepts the two shapes Salesforce gives an Account in:
// - an sObject as the REST API / Visualforce remoting return it:
//   {attributes: {type: 'Account', url}, Id, Name, Partner_ICP_Match_Percent__c: 55, ...}
// - a UI API record (getRecord in LWC, /ui-api/records):
//   {apiName: 'Account', id, fields: {Name: {value, displayValue}, ...}}

import { makeMessage } from '../protocol.js';
import { connectPanel } from './host.js';

export const FIELD_MAP = 'salesforce';

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The Account as a flat record of API name → value. */
export function salesforceToRecord(account) {
  if (!isObject(account)) throw Object.assign(new Error('an Account must be an object'), { code: 'invalid-type', path: 'record' });
  if (isObject(account.fields) && typeof account.apiName === 'string') {
    const flat = { Id: account.id ?? null };
    for (const [name, field] of Object.entries(account.fields)) {
      flat[name] = isObject(field) && 'value' in field ? field.value : field;
    }
    return flat;
  }
  const flat = {};
  for (const [name, value] of Object.entries(account)) {
    if (name === 'attributes') continue;
    flat[name] = value;
  }
  return flat;
}

/** The `score` message for an Account. */
export function toScoreMessage(account, { requestId, profileId, fieldMap = FIELD_MAP } = {}) {
  const body = { record: salesforceToRecord(account), fieldMap };
  if (profileId) body.profileId = profileId;
  return makeMessage('score', requestId, body);
}

/**
 * The Account fields the Visualforce controller should read for a field
 * map: Id, the label and the first segment of every `from`, once each.
 * @param {{label?: string, fields: Record<string, {from: string}>}} map
 */
export function fieldsFor(map) {
  const names = ['Id'];
  if (typeof map?.label === 'string') names.push(map.label);
  for (const entry of Object.values(map?.fields ?? {})) {
    if (typeof entry?.from === 'string' && entry.from !== '') names.push(entry.from.split('.')[0]);
  }
  return [...new Set(names)];
}

/**
 * What a Visualforce remoting callback received, as an outcome: the
 * Account, or why there is none, in words. Remoting calls back with
 * (result, event); on failure `event.status` is false and `event.message`
 * says why (an Apex exception, a timeout, no connection), and `result` is null.
 * @param {unknown} result
 * @param {{status?: boolean, type?: string, message?: string}|undefined} event
 * @returns {{ok: true, account: object} | {ok: false, message: string}}
 */
export function remotingOutcome(result, event) {
  if (event && event.status === false) {
    const why = typeof event.message === 'string' && event.message.trim() !== '' ? event.message.trim() : 'no reason was given';
    return { ok: false, message: `Salesforce could not load this Account for the partner fit panel: ${why}` };
  }
  if (!isObject(result)) {
    return { ok: false, message: 'Salesforce returned no Account for the partner fit panel: it may have been deleted, or you may not have access to it.' };
  }
  return { ok: true, account: result };
}

/** Shows a problem in words where the panel would be. */
export function showProblem(container, message) {
  const p = container.ownerDocument.createElement('p');
  p.className = 'partner-scoring-problem';
  p.setAttribute('role', 'alert');
  p.textContent = message;
  container.replaceChildren(p);
  return p;
}

/**
 * For the Visualforce page: embeds the panel in `container` and scores
 * `account`. Returns the connection (call .score again after an edit), or
 * null when the remoting call failed (`event.status === false`) or gave no
 * Account: then the container says why, in words.
 */
export function mountVisualforce({ container, panelUrl, account, event, profileId, fieldMap = FIELD_MAP }) {
  const outcome = remotingOutcome(account, event);
  if (!outcome.ok) {
    showProblem(container, outcome.message);
    return null;
  }
  const panel = connectPanel({ container, panelUrl });
  const { record } = toScoreMessage(outcome.account, { requestId: 'unused' });
  panel.score(profileId ? { record, fieldMap, profileId } : { record, fieldMap }).catch(() => {});
  return panel;
}

/**
 * Calls the controller's @RemoteAction for the Account and mounts the panel
 * (or the problem). `escape: false` keeps the Account's text as it is
 * (the panel shows record values as text, never as HTML).
 * @param {{container: Element, panelUrl: string, remoting: {Manager: {invokeAction: Function}},
 *          action: string, accountId: string, fields: string[], profileId?: string,
 *          fieldMap?: string|object, timeout?: number}} options
 * @returns {Promise<object|null>} the connection, or null
 */
export function loadFromVisualforce({ container, panelUrl, remoting, action, accountId, fields, profileId, fieldMap, timeout = 30_000 }) {
  return new Promise((resolve) => {
    try {
      remoting.Manager.invokeAction(action, accountId, fields, (result, event) => {
        resolve(mountVisualforce({ container, panelUrl, account: result, event, profileId, fieldMap }));
      }, { escape: false, buffer: false, timeout });
    } catch (err) {
      // No remoting on the page (the controller is missing) or a bad call.
      resolve(mountVisualforce({ container, panelUrl, account: null, event: { status: false, message: String(err?.message ?? err) } }));
    }
  });
}

/**
 * Runs the Visualforce page (www/crm/hosts/salesforce/): reads the page's
 * data-* attributes (data-panel-url, data-account-id, data-remote-action,
 * optional data-field-map-url and data-profile-id), the field map (by
 * default ../fieldmaps/salesforce.json next to this module), and loads the Account.
 * @param {{document: Document, window: Window & {Visualforce?: object}}} env
 */
export async function startVisualforcePage({ document: doc, window: win }) {
  const container = doc.getElementById('partner-fit');
  if (!container) throw Object.assign(new Error('the page has no #partner-fit element'), { code: 'missing-field', path: '#partner-fit' });
  const { panelUrl, accountId, remoteAction, fieldMapUrl, profileId } = container.dataset;
  if (!win.Visualforce?.remoting?.Manager) {
    showProblem(container, 'Visualforce remoting is not available on this page, so the Account cannot be loaded. Ask your Salesforce admin to check that the page uses the PartnerFitController extension.');
    return null;
  }
  let map;
  try {
    const res = await win.fetch(new URL(fieldMapUrl || '../fieldmaps/salesforce.json', import.meta.url));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    map = await res.json();
  } catch (err) {
    showProblem(container, `The Salesforce field map could not be read (${err.message}); ask your Salesforce admin to check the partnerScoringCrm static resource.`);
    return null;
  }
  return loadFromVisualforce({
    container,
    panelUrl,
    remoting: win.Visualforce.remoting,
    action: remoteAction,
    accountId,
    fields: fieldsFor(map),
    // The map itself goes to the panel, so the static resource's copy is
    // the one an admin edits: it picks the fields read and how they map.
    fieldMap: map,
    profileId: profileId || undefined,
  });
}
