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
 * For the Visualforce page: embeds the panel in `container` and scores
 * `account`. Returns the connection (call .score again after an edit).
 */
export function mountVisualforce({ container, panelUrl, account, profileId }) {
  const panel = connectPanel({ container, panelUrl });
  const { record, fieldMap } = toScoreMessage(account, { requestId: 'unused' });
  panel.score(profileId ? { record, fieldMap, profileId } : { record, fieldMap }).catch(() => {});
  return panel;
}
