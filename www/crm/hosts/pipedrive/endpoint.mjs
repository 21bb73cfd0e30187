#!/usr/bin/env node
// The Pipedrive panel's reference endpoint (README.md beside this file):
//
//   GET /pipedrive/organizations/{id}
//   Authorization: Bearer <the signed token Pipedrive gave the panel>
//
// It verifies the token (a JWT, HS256, signed with the app's client secret,
// or with the panel's own JWT secret when one is set in Developer Hub), takes
// the company and user from it, and fetches GET /v1/organizations/{id} from
// Pipedrive's API with the OAuth access token the deployer holds for that
// company. The browser never holds an API credential and sends no cookie.
//
//   PIPEDRIVE_CLIENT_SECRET=… PIPEDRIVE_ACCESS_TOKEN=… node www/crm/hosts/pipedrive/endpoint.mjs [--port 8080]
//
// serves the repository's pages (scripts/serve.mjs) with the endpoint
// beside them, on 127.0.0.1 (put your HTTPS front end before it).
// `organizationEndpoint()` is the handler, for a server of your own.

import { realpath } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { jwtVerify } from 'jose';

export const ROUTE = '/pipedrive/organizations/';
const MAX_TOKEN = 8192;

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

const isId = (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) || (typeof v === 'string' && /^[0-9]{1,18}$/.test(v));

/**
 * Verifies a Pipedrive signed token. Resolves with `{ companyId, userId }`
 * (as text) or rejects with `{ status: 401, message }`.
 * @param {string} token
 * @param {string} secret the app's client secret (or the panel's JWT secret)
 */
export async function verifySignedToken(token, secret) {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN) {
    throw Object.assign(new Error('no signed token'), { status: 401 });
  }
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], clockTolerance: 30 }));
  } catch (err) {
    throw Object.assign(new Error(`the signed token is not valid (${err.code ?? err.name})`), { status: 401 });
  }
  if (!isId(payload.companyId) || !isId(payload.userId)) {
    throw Object.assign(new Error('the signed token names no company and user'), { status: 401 });
  }
  return { companyId: String(payload.companyId), userId: String(payload.userId) };
}

/**
 * The endpoint as a `(req, res) => Promise<boolean>` handler (true when it
 * answered), e.g. for scripts/serve.mjs's `before`.
 * @param {{ secret: string, accessTokenFor: (who: {companyId: string, userId: string}) => string|null|Promise<string|null>,
 *           apiBase?: string, fetchImpl?: typeof fetch }} options
 *   accessTokenFor: your OAuth token store (the token Pipedrive gave your app
 *   for that company at install). apiBase: Pipedrive's API, or a stand-in.
 */
export function organizationEndpoint({ secret, accessTokenFor, apiBase = 'https://api.pipedrive.com', fetchImpl = fetch }) {
  if (typeof secret !== 'string' || secret.length < 16) throw new Error('organizationEndpoint: the client secret is missing');
  if (typeof accessTokenFor !== 'function') throw new Error('organizationEndpoint: accessTokenFor is required');
  return async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(ROUTE)) return false;
    if (req.method !== 'GET') {
      send(res, 405, { message: 'GET only' });
      return true;
    }
    const id = url.pathname.slice(ROUTE.length);
    if (!/^[0-9]{1,18}$/.test(id)) {
      send(res, 400, { message: 'the organization id must be a number' });
      return true;
    }
    const auth = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    let who;
    try {
      who = await verifySignedToken(match?.[1], secret);
    } catch (err) {
      send(res, err.status ?? 401, { message: err.message });
      return true;
    }
    const accessToken = await accessTokenFor(who);
    if (!accessToken) {
      send(res, 403, { message: `no OAuth token for company ${who.companyId}: install the app there first` });
      return true;
    }
    let upstream;
    try {
      upstream = await fetchImpl(new URL(`/v1/organizations/${id}`, apiBase), {
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      });
    } catch (err) {
      send(res, 502, { message: `Pipedrive's API did not answer: ${err.message}` });
      return true;
    }
    let body = null;
    try {
      body = await upstream.json();
    } catch {
      body = null;
    }
    if (upstream.ok && body?.success === true && body.data && typeof body.data === 'object') {
      send(res, 200, { success: true, data: body.data });
    } else if (upstream.status === 404) {
      send(res, 404, { message: `no organization ${id}` });
    } else {
      send(res, 502, { message: `Pipedrive's API answered HTTP ${upstream.status}` });
    }
    return true;
  };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(await realpath(process.argv[1]).catch(() => process.argv[1])).href;
if (isMain) {
  const { startServer } = await import('../../../../scripts/serve.mjs');
  const secret = process.env.PIPEDRIVE_CLIENT_SECRET;
  const token = process.env.PIPEDRIVE_ACCESS_TOKEN;
  if (!secret || !token) {
    console.error('set PIPEDRIVE_CLIENT_SECRET and PIPEDRIVE_ACCESS_TOKEN (see www/crm/hosts/pipedrive/README.md)');
    process.exit(1);
  }
  const i = process.argv.indexOf('--port');
  const port = i === -1 ? 8080 : Number(process.argv[i + 1]);
  const before = organizationEndpoint({ secret, accessTokenFor: () => token, apiBase: process.env.PIPEDRIVE_API_BASE });
  const { url } = await startServer({ port, before });
  console.log(`Serving the panel and ${ROUTE}{id} at ${url}`);
}
