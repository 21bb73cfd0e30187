// HubSpot adapter. An app card (a UI extension on the company record, see
// README.md) reads the company's properties with
// actions.fetchCrmObjectProperties and opens frame-host.html?crm=hubspot in
// an iframe modal (actions.openIframeModal), passing the properties in the
// URL fragment: a fragment never leaves the browser (it is not sent to any
// server). This module decodes it and builds the protocol's `score` message.

import { makeMessage } from '../protocol.js';
import { encodeCardPayload } from './hubspot-card.js';

// The card's half (encodeCardPayload) lives in hubspot-card.js, which
// imports nothing, so a HubSpot card bundles it without the rest of www/crm/.
export { encodeCardPayload };

export const FIELD_MAP = 'hubspot';
const MAX_FRAGMENT = 64_000;

function base64UrlToText(b64) {
  const std = b64.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** Reads the fragment written by encodeCardPayload. */
export function decodeFragment(hash) {
  const h = String(hash ?? '').replace(/^#/, '');
  if (h.length > MAX_FRAGMENT) throw Object.assign(new Error('record fragment too long'), { code: 'limit-exceeded', path: 'location.hash' });
  const param = new URLSearchParams(h).get('record');
  if (!param) throw Object.assign(new Error('no #record= in the URL'), { code: 'missing-field', path: 'location.hash' });
  let payload;
  try {
    payload = JSON.parse(base64UrlToText(param));
  } catch {
    throw Object.assign(new Error('the #record= fragment is not valid'), { code: 'invalid-json', path: 'location.hash' });
  }
  return payload;
}

/**
 * HubSpot's company properties, as the card fetched them (every value text),
 * as the flat record the field map reads.
 * @param {{properties: Record<string, unknown>}} payload
 */
export function hubspotToRecord(payload) {
  const props = payload?.properties;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw Object.assign(new Error('the HubSpot payload has no properties object'), { code: 'invalid-type', path: 'properties' });
  }
  return { ...props };
}

/** The `score` message for a card payload. */
export function toScoreMessage(payload, { requestId, profileId, fieldMap = FIELD_MAP } = {}) {
  const body = { record: hubspotToRecord(payload), fieldMap };
  if (profileId) body.profileId = profileId;
  return makeMessage('score', requestId, body);
}

/** frame-host.html?crm=hubspot#record=…: scores the record once. */
export async function start(env, score) {
  const payload = decodeFragment(env.location.hash);
  const { record, fieldMap } = toScoreMessage(payload, { requestId: 'unused' });
  await score({ record, fieldMap });
}
