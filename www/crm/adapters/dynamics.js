// Dynamics 365 adapter: an HTML web resource on the account form is the
// host (see README.md). It embeds the panel's iframe and posts the account.
// The form's OnLoad handler hands the web resource Xrm and the formContext
// (getContentWindow → setClientApiContext), so the panel follows the form
// as the user edits it.
//
// Two shapes give the same flat record, keyed as the Web API names columns:
// - Xrm.WebApi.retrieveRecord('account', id) output, with the
//   "@OData.Community.Display.V1.FormattedValue" annotations the field map
//   reads choice labels from;
// - the live form (formContext.data.entity.attributes), rebuilt into that shape.

import { makeMessage } from '../protocol.js';
import { connectPanel } from './host.js';

export const FIELD_MAP = 'dynamics';
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

/** A Web API account as a flat record (OData bookkeeping dropped). */
export function dynamicsToRecord(account) {
  if (account === null || typeof account !== 'object' || Array.isArray(account)) {
    throw Object.assign(new Error('an account must be an object'), { code: 'invalid-type', path: 'record' });
  }
  const flat = {};
  for (const [key, value] of Object.entries(account)) {
    if (key.startsWith('@odata.')) continue;
    flat[key] = value;
  }
  return flat;
}

/**
 * The live form's columns in the Web API shape: value by logical name, and
 * for choice columns the label(s) under the FormattedValue annotation
 * (multi-select labels joined with "; ", as the Web API formats them).
 * @param {{data: {entity: {attributes: {forEach: Function}, getId?: Function}}}} formContext
 */
export function recordFromFormContext(formContext) {
  const out = {};
  const id = formContext?.data?.entity?.getId?.();
  if (id) out.accountid = String(id).replace(/[{}]/g, '').toLowerCase();
  formContext.data.entity.attributes.forEach((attribute) => {
    const name = attribute.getName();
    const type = attribute.getAttributeType();
    const value = attribute.getValue();
    if (type === 'optionset' || type === 'multiselectoptionset') {
      out[name] = Array.isArray(value) ? value.join(',') : value;
      const text = attribute.getText();
      out[name + FORMATTED] = Array.isArray(text) ? text.join('; ') : text;
    } else if (type === 'lookup') {
      const first = Array.isArray(value) ? value[0] : null;
      out[`_${name}_value`] = first ? first.id : null;
      out[`_${name}_value${FORMATTED}`] = first ? first.name : null;
    } else {
      out[name] = value;
    }
  });
  return out;
}

/** The `score` message for an account. */
export function toScoreMessage(account, { requestId, profileId, fieldMap = FIELD_MAP } = {}) {
  const body = { record: dynamicsToRecord(account), fieldMap };
  if (profileId) body.profileId = profileId;
  return makeMessage('score', requestId, body);
}

/**
 * For the web resource: embeds the panel and scores the form's account,
 * again on every change of a column the field map reads.
 */
export function mountWebResource({ container, panelUrl, formContext, profileId }) {
  const panel = connectPanel({ container, panelUrl });
  const send = () => {
    const { record, fieldMap } = toScoreMessage(recordFromFormContext(formContext), { requestId: 'unused' });
    panel.score(profileId ? { record, fieldMap, profileId } : { record, fieldMap }).catch(() => {});
  };
  formContext.data.entity.attributes.forEach((a) => a.addOnChange?.(send));
  send();
  return panel;
}
