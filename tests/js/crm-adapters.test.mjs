// The five CRM host adapters (www/crm/adapters/*.js): their mapping from a
// vendor's record context to the panel's `score` message, tested with
// recorded payloads shaped like each vendor's documentation
// (tests/fixtures/crm/*.json). The real SDKs are driven in Chromium by the
// tests/browser/crm-*.test.mjs files (www/crm/README.md says which).
//
//   node --test tests/js/crm-adapters.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parseHostMessage } from '../../www/crm/protocol.js';
import { applyFieldMap } from '../../www/crm/fieldmap.js';
import { evaluate } from '../../www/crm/evaluate.js';
import * as lib from '../../www/lib/index.js';
import * as hubspot from '../../www/crm/adapters/hubspot.js';
import * as salesforce from '../../www/crm/adapters/salesforce.js';
import * as pipedrive from '../../www/crm/adapters/pipedrive.js';
import * as zoho from '../../www/crm/adapters/zoho.js';
import * as dynamics from '../../www/crm/adapters/dynamics.js';

const fixture = async (name) => JSON.parse(await readFile(new URL(`../fixtures/crm/${name}`, import.meta.url), 'utf8'));
const fieldMap = async (id) => JSON.parse(await readFile(new URL(`../../www/crm/fieldmaps/${id}.json`, import.meta.url), 'utf8'));

// The message is valid, names the CRM's map, and the map turns its record
// into exactly the expected profile fields; the wrapper then scores it.
async function checkMessage(message, mapId, expected) {
  assert.equal(parseHostMessage(message), message, 'a valid score message');
  assert.equal(message.fieldMap, mapId);
  const mapped = applyFieldMap(message.record, await fieldMap(mapId));
  assert.deepEqual(mapped.problems, []);
  assert.equal(mapped.label, expected.label);
  assert.deepEqual(mapped.record, expected.record);
  assert.deepEqual(mapped.economics, expected.economics);
  const result = evaluate(lib, { record: mapped.record, economics: mapped.economics, builtins: lib.builtinProfiles() });
  assert.ok(result.score.coverage > 0, 'the record gives the core something to score');
  return result;
}

before(async () => {
  await lib.init();
});

describe('HubSpot adapter (app card → iframe modal)', () => {
  it('carries the card\'s properties through the URL fragment into a score message', async () => {
    const f = await fixture('hubspot-card.json');
    const fragment = hubspot.encodeCardPayload(f.context, f.properties);
    assert.match(fragment, /^record=[A-Za-z0-9_-]+$/, 'URL-safe');
    const payload = hubspot.decodeFragment(`#${fragment}`);
    assert.equal(payload.objectId, 18342290113);
    assert.equal(payload.objectTypeId, '0-2');
    const message = hubspot.toScoreMessage(payload, { requestId: 'hs-1' });
    assert.equal(message.requestId, 'hs-1');
    const result = await checkMessage(message, 'hubspot', f.expected);
    assert.equal(result.tier.result.tier, 'Gold');
  });

  it('keeps non-ASCII text intact and refuses a broken fragment with a code and path', async () => {
    const payload = hubspot.decodeFragment(hubspot.encodeCardPayload({ crm: { objectId: 1 } }, { name: 'Zürich Ünternehmen 北京' }));
    assert.equal(payload.properties.name, 'Zürich Ünternehmen 北京');
    assert.throws(() => hubspot.decodeFragment('#nothing=1'), (e) => e.code === 'missing-field' && e.path === 'location.hash');
    assert.throws(() => hubspot.decodeFragment('#record=%%%'), (e) => e.code === 'invalid-json');
    assert.throws(() => hubspot.toScoreMessage({ properties: 'x' }, { requestId: 'a' }), (e) => e.code === 'invalid-type');
  });
});

describe('Salesforce adapter (Visualforce / Lightning container host)', () => {
  it('maps an sObject (REST / Visualforce remoting)', async () => {
    const f = await fixture('salesforce-sobject.json');
    const message = salesforce.toScoreMessage(f.payload, { requestId: 'sf-1', profileId: 'reseller' });
    assert.equal(message.profileId, 'reseller');
    assert.equal('attributes' in message.record, false);
    const result = await checkMessage(message, 'salesforce', f.expected);
    assert.equal(result.economics.input.currency, 'EUR');
  });

  it('maps a UI API record (fields.X.value)', async () => {
    const f = await fixture('salesforce-uiapi.json');
    const message = salesforce.toScoreMessage(f.payload, { requestId: 'sf-2' });
    assert.equal(message.record.Id, '001Hs00003AbCdEIAV');
    const result = await checkMessage(message, 'salesforce', f.expected);
    assert.equal(result.profile.id, 'strategic');
  });
});

describe('Pipedrive adapter (custom UI panel)', () => {
  it('reads the panel context from the iframe query and maps an organization', async () => {
    const f = await fixture('pipedrive-organization.json');
    assert.deepEqual(pipedrive.contextFromQuery(f.query), f.expected.context);
    const message = pipedrive.toScoreMessage(f.payload, { requestId: 'pd-1' });
    assert.equal(message.record.owner_id, 12345, 'object values are read through value');
    const result = await checkMessage(message, 'pipedrive', f.expected);
    assert.equal(result.profile.id, 'services');
    assert.equal(result.tier.result.tier, 'Silver');
  });
});

describe('Zoho CRM adapter (widget)', () => {
  it('maps a getRecord response', async () => {
    const f = await fixture('zoho-account.json');
    const message = zoho.toScoreMessage(f.payload, { requestId: 'zo-1' });
    assert.equal(message.record.Owner, 'Rep Example', 'lookups by name');
    assert.equal('$approved' in message.record, false);
    const result = await checkMessage(message, 'zoho', f.expected);
    assert.equal(result.profile.id, 'referral');
    assert.equal(result.score.score, lib.scorePartner(f.expected.record, 'referral').score);
  });

  it('runs the widget flow against a stand-in for the SDK', async () => {
    const f = await fixture('zoho-account.json');
    const handlers = {};
    const requests = [];
    const ZOHO = {
      embeddedApp: { on: (name, fn) => { handlers[name] = fn; }, init: async () => handlers.PageLoad(f.pageLoad) },
      CRM: { API: { getRecord: async (q) => { requests.push(q); return f.payload; } } },
    };
    const bodies = [];
    await zoho.start({ window: { ZOHO } }, async (body) => { bodies.push(body); });
    assert.deepEqual(requests, [{ Entity: 'Accounts', RecordID: '5725767000000411001' }]);
    assert.equal(bodies.length, 1);
    assert.equal(bodies[0].fieldMap, 'zoho');
    assert.throws(() => zoho.start({ window: {} }, () => {}), (e) => e.code === 'missing-field');
  });
});

describe('Dynamics 365 adapter (HTML web resource)', () => {
  it('maps a Web API account with formatted-value annotations', async () => {
    const f = await fixture('dynamics-account.json');
    const message = dynamics.toScoreMessage(f.payload, { requestId: 'dy-1' });
    assert.equal(Object.keys(message.record).some((k) => k.startsWith('@odata.')), false);
    const result = await checkMessage(message, 'dynamics', f.expected);
    assert.equal(result.profile.id, 'technology');
  });

  it('rebuilds the same record from the live form (formContext)', async () => {
    const f = await fixture('dynamics-account.json');
    const formContext = {
      data: {
        entity: {
          getId: () => f.form.id,
          attributes: {
            forEach: (fn) => f.form.attributes.forEach((a) => fn({
              getName: () => a.name,
              getAttributeType: () => a.type,
              getValue: () => a.value,
              getText: () => a.text ?? null,
            })),
          },
        },
      },
    };
    const record = dynamics.recordFromFormContext(formContext);
    assert.equal(record.accountid, f.payload.accountid);
    assert.equal(record['new_integrationcapabilities@OData.Community.Display.V1.FormattedValue'], 'Native Deployment; Unified Identity; Shared Monitoring');
    assert.equal(record['_transactioncurrencyid_value@OData.Community.Display.V1.FormattedValue'], 'US Dollar');
    await checkMessage(dynamics.toScoreMessage(record, { requestId: 'dy-2' }), 'dynamics', f.expected);
  });
});
