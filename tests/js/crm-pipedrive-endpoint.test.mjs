// The Pipedrive reference endpoint (www/crm/hosts/pipedrive/endpoint.mjs)
// against a stand-in for Pipedrive's API on 127.0.0.1: it verifies the
// signed token (jose, HS256, the app's secret) and forwards only a verified
// company's request, with that company's OAuth token.
//
//   node --test tests/js/crm-pipedrive-endpoint.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { SignJWT, UnsecuredJWT } from 'jose';
import { organizationEndpoint, verifySignedToken } from '../../www/crm/hosts/pipedrive/endpoint.mjs';

const SECRET = 'app-client-secret-abcdefghijklmnop';
const ACCESS = 'oauth-67890';
const ORG = { id: 42, name: 'Meridian Consulting Group' };
let api;
let endpoint;
const seen = [];

const listen = (server) => new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${server.address().port}`)));
const sign = (claims, { secret = SECRET, exp = '5m', alg = 'HS256' } = {}) => new SignJWT(claims)
  .setProtectedHeader({ alg }).setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(secret));

before(async () => {
  const apiServer = createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${ACCESS}`) return res.writeHead(401).end('{"success":false}');
    if (req.url === '/v1/organizations/42') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ success: true, data: ORG, additional_data: {} }));
    if (req.url === '/v1/organizations/500') return res.writeHead(500).end('oops');
    return res.writeHead(404).end('{"success":false,"error":"not found"}');
  });
  api = { server: apiServer, url: await listen(apiServer) };
  const handler = organizationEndpoint({
    secret: SECRET, apiBase: api.url,
    accessTokenFor: ({ companyId, userId }) => (companyId === '67890' && userId === '12345' ? ACCESS : null),
  });
  const server = createServer(async (req, res) => {
    if (!(await handler(req, res))) res.writeHead(418).end();
  });
  endpoint = { server, url: await listen(server) };
});

after(async () => {
  for (const s of [api.server, endpoint.server]) await new Promise((ok) => s.close(ok));
});

async function ask(path, authorization, method = 'GET') {
  const res = await fetch(`${endpoint.url}${path}`, { method, headers: authorization ? { Authorization: authorization } : {} });
  return { status: res.status, body: await res.json().catch(() => null) };
}

describe('Pipedrive reference endpoint', () => {
  it('answers a verified token with the organization, fetched with the company\'s OAuth token', async () => {
    seen.length = 0;
    const token = await sign({ userId: 12345, companyId: 67890 });
    const r = await ask('/pipedrive/organizations/42', `Bearer ${token}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { success: true, data: ORG });
    assert.deepEqual(seen, [{ url: '/v1/organizations/42', authorization: `Bearer ${ACCESS}` }]);
    assert.deepEqual(await verifySignedToken(token, SECRET), { companyId: '67890', userId: '12345' });
  });

  it('refuses missing, forged, expired, unsigned and claim-less tokens without calling Pipedrive', async () => {
    seen.length = 0;
    const cases = [
      ['no header', null],
      ['not bearer', 'Basic abc'],
      ['garbage', 'Bearer not.a.jwt'],
      ['wrong secret', `Bearer ${await sign({ userId: 12345, companyId: 67890 }, { secret: 'another-secret-0123456789abcdef' })}`],
      ['expired', `Bearer ${await sign({ userId: 12345, companyId: 67890 }, { exp: Math.floor(Date.now() / 1000) - 3600 })}`],
      ['alg none', `Bearer ${new UnsecuredJWT({ userId: 12345, companyId: 67890 }).encode()}`],
      ['HS512', `Bearer ${await sign({ userId: 12345, companyId: 67890 }, { alg: 'HS512' })}`],
      ['no company', `Bearer ${await sign({ userId: 12345 })}`],
      ['odd company', `Bearer ${await sign({ userId: 12345, companyId: '67890; DROP' })}`],
      ['huge', `Bearer ${'a'.repeat(9000)}`],
    ];
    for (const [name, auth] of cases) {
      const r = await ask('/pipedrive/organizations/42', auth);
      assert.equal(r.status, 401, name);
      assert.equal(typeof r.body.message, 'string', name);
    }
    assert.deepEqual(seen, [], 'Pipedrive\'s API was never called');
  });

  it('answers bad ids, unknown companies, missing organizations and API failures plainly', async () => {
    const ok = `Bearer ${await sign({ userId: 12345, companyId: 67890 })}`;
    assert.equal((await ask('/pipedrive/organizations/4x2', ok)).status, 400);
    assert.equal((await ask('/pipedrive/organizations/42', ok, 'POST')).status, 405);
    assert.equal((await ask('/pipedrive/organizations/7', ok)).status, 404);
    assert.equal((await ask('/pipedrive/organizations/500', ok)).status, 502);
    const other = `Bearer ${await sign({ userId: 1, companyId: 2 })}`;
    assert.equal((await ask('/pipedrive/organizations/42', other)).status, 403);
    assert.equal((await ask('/elsewhere', ok)).status, 418, 'other paths are not the endpoint\'s');
    const down = organizationEndpoint({ secret: SECRET, apiBase: 'http://127.0.0.1:9', accessTokenFor: () => ACCESS });
    let status = 0;
    const res = { writeHead: (s) => { status = s; return res; }, end: () => {} };
    assert.equal(await down({ url: '/pipedrive/organizations/42', method: 'GET', headers: { authorization: ok } }, res), true);
    assert.equal(status, 502);
    assert.throws(() => organizationEndpoint({ secret: 'short', accessTokenFor: () => null }));
  });
});

describe('Pipedrive adapter: the token and the height', () => {
  it('clamps the height to Pipedrive\'s 100-750 px, in whole pixels', async () => {
    const { clampPanelHeight } = await import('../../www/crm/adapters/pipedrive.js');
    assert.deepEqual([0, 99.2, 100, 480.3, 750, 1360, Number.NaN, -5, Infinity].map(clampPanelHeight), [100, 100, 100, 481, 750, 750, 100, 100, 100]);
  });

  it('reads the URL token, sends it as a bearer header, and asks for a fresh one when there is none or it is refused', async () => {
    const { signedTokenFromQuery, fetchOrganization } = await import('../../www/crm/adapters/pipedrive.js');
    assert.equal(signedTokenFromQuery('?id=1&token=abc.def.ghi'), 'abc.def.ghi');
    assert.equal(signedTokenFromQuery('?id=1'), null);
    assert.equal(signedTokenFromQuery(`?token=${'a'.repeat(9000)}`), null);
    const calls = [];
    const stub = (answers) => async (url, init) => {
      calls.push({ auth: init.headers.Authorization, credentials: init.credentials });
      const [status, body] = answers.shift();
      return { ok: status === 200, status, json: async () => body };
    };
    const fresh = async () => 'fresh-token';
    assert.deepEqual(await fetchOrganization('/x', { token: 'url-token', getToken: fresh, fetchImpl: stub([[200, { success: true, data: ORG }]]) }), { success: true, data: ORG });
    assert.deepEqual(calls.splice(0), [{ auth: 'Bearer url-token', credentials: 'omit' }]);
    await fetchOrganization('/x', { token: null, getToken: fresh, fetchImpl: stub([[200, { success: true, data: ORG }]]) });
    assert.deepEqual(calls.splice(0).map((c) => c.auth), ['Bearer fresh-token']);
    await fetchOrganization('/x', { token: 'old', getToken: fresh, fetchImpl: stub([[401, { message: 'expired' }], [200, { success: true, data: ORG }]]) });
    assert.deepEqual(calls.splice(0).map((c) => c.auth), ['Bearer old', 'Bearer fresh-token']);
    await assert.rejects(
      fetchOrganization('/x', { token: 'old', getToken: fresh, fetchImpl: stub([[401, {}], [401, { message: 'bad signature' }]]) }),
      (e) => e.code === 'internal' && /HTTP 401: bad signature/.test(e.message),
    );
  });
});
