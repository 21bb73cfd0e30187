// The HubSpot app card's half of the HubSpot adapter: what the card puts in
// the URL fragment of frame-host.html?crm=hubspot. It imports nothing, so
// the card (www/crm/hosts/hubspot/) bundles it on its own; hubspot.js, on
// the frame-host side, decodes it. See www/crm/hosts/hubspot/README.md.

function textToBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * What the app card puts after `#record=`: the card's context and the
 * fetched properties. Used by the card (see README.md) and by the tests.
 * @param {{crm?: {objectId?: number|string, objectTypeId?: string}}} context hubspot.extend's context
 * @param {Record<string, string|null>} properties fetchCrmObjectProperties' result
 */
export function encodeCardPayload(context, properties) {
  const payload = { objectId: context?.crm?.objectId ?? null, objectTypeId: context?.crm?.objectTypeId ?? null, properties };
  return `record=${textToBase64Url(JSON.stringify(payload))}`;
}

