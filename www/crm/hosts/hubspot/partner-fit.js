// What the HubSpot card needs from the rest of the project, in one module
// that build.mjs bundles (with the .wasm bytes inlined) into the card's
// folder of the deployable project: the properties to read, the score and
// band computed by the WebAssembly core, and the panel's URL. Every figure
// comes from the core through the wrapper (www/lib/index.js); the field map
// is www/crm/fieldmaps/hubspot.json. See README.md in this folder.
//
// The card runs inside HubSpot's UI-extension sandbox, a web worker
// (@hubspot/ui-extensions checks `self.__HUBSPOT_EXTENSION_WORKER__`). Its
// only network call is hubspot.fetch, so the module cannot be fetched from
// the panel's origin: its bytes travel inside the bundle and are compiled
// synchronously (allowed in a worker). Where the sandbox refuses
// WebAssembly (no `WebAssembly` global, or a CSP without
// 'wasm-unsafe-eval'), scoreCompany says so and the card shows only the
// button that opens the full panel.

import * as lib from '../../../lib/index.js';
import { applyFieldMap } from '../../fieldmap.js';
import { evaluate } from '../../evaluate.js';
import { encodeCardPayload } from '../../adapters/hubspot-card.js';
import fieldMap from '../../fieldmaps/hubspot.json';
import wasmBytes from '../../../../pkg/partner_scoring_bg.wasm';

/* global __PANEL_BASE__ */
// Where www/crm/ is deployed (build.mjs --panel-base), e.g. https://partners.example.com/
export const PANEL_BASE = __PANEL_BASE__;

/** The company properties the card reads: the label and every `from` of the field map. */
export const PROPERTIES = [...new Set([fieldMap.label, ...Object.values(fieldMap.fields).map((f) => f.from)])];

let ready = null;

/** Instantiates the core once; an Error when this sandbox cannot run it. */
function start() {
  if (ready === null) {
    try {
      if (typeof WebAssembly !== 'object') throw new Error('this sandbox has no WebAssembly');
      lib.initSync(wasmBytes);
      ready = { ok: true };
    } catch (err) {
      ready = { ok: false, reason: 'wasm-unavailable', message: `The score cannot be computed inside this HubSpot card (${err?.message ?? err}); open the panel to see it.` };
    }
  }
  return ready;
}

/**
 * The fit score and band of a company, from its properties as HubSpot
 * gives them (all text, unset as null or '').
 * @param {Record<string, string|null>} properties
 */
export function scoreCompany(properties) {
  const started = start();
  if (!started.ok) return started;
  const mapped = applyFieldMap(properties ?? {}, fieldMap);
  try {
    const result = evaluate(lib, { record: mapped.record, economics: mapped.economics, builtins: lib.builtinProfiles() });
    return {
      ok: true,
      label: mapped.label ?? null,
      score: result.score.score,
      band: result.score.band,
      disqualified: result.score.disqualified,
      coverage: result.score.coverage,
      profile: result.profile.name,
      missing: result.score.missingFields.length,
      problems: mapped.problems.length,
    };
  } catch (err) {
    return { ok: false, reason: typeof err?.code === 'string' ? err.code : 'internal', path: err?.path ?? '', message: String(err?.message ?? err) };
  }
}

/**
 * The URL the card opens in its iframe modal: frame-host.html?crm=hubspot
 * with the record in the fragment (never sent to a server).
 * @param {{crm?: {objectId?: number|string, objectTypeId?: string}}} context
 * @param {Record<string, string|null>} properties
 */
export function panelUri(context, properties) {
  const url = new URL('www/crm/adapters/frame-host.html?crm=hubspot', PANEL_BASE);
  return `${url.href}#${encodeCardPayload(context, properties)}`;
}
