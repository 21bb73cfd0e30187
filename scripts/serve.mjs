#!/usr/bin/env node
// A tiny zero-dependency static server over the repository root, for the demo
// pages and the browser tests. It binds 127.0.0.1 only and sends the strict
// content security policy every page of the project must live under.
//
//   node scripts/serve.mjs [--port N]     (or PORT=N; default 8080)
//
// `startServer({ port, root })` is exported for tests (port 0 picks a free one).

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Who may frame the CRM panel and the adapter page, per CRM (www/crm/README.md,
 * "Framing"). `frame-ancestors` is checked against every ancestor, not only
 * the parent, so each chain's top-level CRM origin is listed as well as the
 * frame between it and the panel: HubSpot, Pipedrive and Zoho show
 * adapters/frame-host.html (the panel's own origin, 'self'), which frames the
 * panel; Salesforce shows a Visualforce page (*.vf.force.com) inside
 * Lightning; Dynamics shows a web resource on the org's own origin.
 */
export const CRM_FRAME_ANCESTORS = Object.freeze({
  hubspot: ['https://app.hubspot.com', 'https://app-eu1.hubspot.com', 'https://app-na2.hubspot.com'],
  pipedrive: ['https://*.pipedrive.com'],
  zoho: [
    'https://crm.zoho.com', 'https://crm.zoho.eu', 'https://crm.zoho.in', 'https://crm.zoho.com.au',
    'https://crm.zoho.jp', 'https://crm.zoho.com.cn', 'https://crm.zohocloud.ca', 'https://crm.zoho.sa',
    'https://crm.zoho.uk',
  ],
  salesforce: ['https://*.lightning.force.com', 'https://*.vf.force.com', 'https://*.my.salesforce.com'],
  dynamics: ['https://*.dynamics.com'],
});

/** The pages a CRM frames: they get the CRM origins in `frame-ancestors`. */
export const CRM_FRAMED_PAGES = Object.freeze(['/www/crm/panel.html', '/www/crm/adapters/frame-host.html']);

/**
 * The Content-Security-Policy for a path: CSP, with the CRM origins (and
 * any `extraAncestors`, e.g. a deployment's own or a test's stand-ins) in
 * `frame-ancestors` on the pages a CRM frames.
 */
export function cspFor(pathname, extraAncestors = []) {
  if (!CRM_FRAMED_PAGES.includes(pathname)) return CSP;
  const ancestors = ["'self'", ...Object.values(CRM_FRAME_ANCESTORS).flat(), ...extraAncestors];
  return CSP.replace("frame-ancestors 'self'", `frame-ancestors ${ancestors.join(' ')}`);
}

const DEFAULT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOST = '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.woff2': 'font/woff2',
};

function baseHeaders(extra = {}, csp = CSP) {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
    ...extra,
  };
}

function sendText(res, status, text, extra = {}) {
  res.writeHead(status, baseHeaders({
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  }));
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** Maps a URL path onto a file under root, or null when it would leave root. */
async function resolveFile(root, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  // No dot files or folders (.git, .env...): not part of any page.
  if (decoded.split(/[\\/]/).some((part) => part.startsWith('.') && part !== '.' && part !== '..')) return null;
  const candidate = resolve(root, '.' + decoded.replace(/\\/g, '/'));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  let real;
  try {
    real = await realpath(candidate);
  } catch {
    return { path: candidate, missing: true };
  }
  // Symbolic links may not lead outside the root either.
  if (real !== root && !real.startsWith(root + sep)) return null;
  return { path: real, missing: false };
}

function handler(root, frameAncestors, before) {
  return async (req, res) => {
    try {
      if (before && await before(req, res)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendText(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
        return;
      }
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname === '/') {
        res.writeHead(302, baseHeaders({ Location: '/www/index.html', 'Content-Length': 0 }));
        res.end();
        return;
      }
      const found = await resolveFile(root, url.pathname);
      if (found === null) {
        sendText(res, 404, 'not found\n');
        return;
      }
      if (found.missing) {
        sendText(res, 404, 'not found\n');
        return;
      }
      let file = found.path;
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, baseHeaders({ Location: url.pathname + '/' + url.search, 'Content-Length': 0 }));
          res.end();
          return;
        }
        file = join(file, 'index.html');
        try {
          info = await stat(file);
        } catch {
          sendText(res, 404, 'not found\n');
          return;
        }
      }
      if (!info.isFile()) {
        sendText(res, 404, 'not found\n');
        return;
      }
      const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, baseHeaders({ 'Content-Type': type, 'Content-Length': info.size }, cspFor(url.pathname, frameAncestors)));
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = createReadStream(file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch (err) {
      if (!res.headersSent) sendText(res, 500, 'internal error\n');
      else res.destroy(err);
    }
  };
}

/**
 * Starts the server. Resolves with the server and its base URL once it listens.
 * `frameAncestors`: more origins allowed to frame the CRM pages (cspFor).
 * `before(req, res)`: answers a request first when it resolves true (an
 * endpoint mounted beside the static files, e.g. the Pipedrive reference
 * endpoint in www/crm/hosts/pipedrive/endpoint.mjs).
 * @param {{ port?: number, root?: string, host?: string, frameAncestors?: string[],
 *           before?: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean|Promise<boolean> }} [options]
 * @returns {Promise<{ server: import('node:http').Server, url: string }>}
 */
export async function startServer({ port = 8080, root = DEFAULT_ROOT, host = HOST, frameAncestors = [], before = null } = {}) {
  for (const a of frameAncestors) {
    if (typeof a !== 'string' || !/^https?:\/\/[a-z0-9*.-]+(:\d+)?$/i.test(a)) throw new Error(`serve: not an origin for frame-ancestors: ${a}`);
  }
  const realRoot = await realpath(resolve(root));
  const server = createServer(handler(realRoot, [...frameAncestors], before));
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address();
  return { server, url: `http://${host}:${address.port}/` };
}

function parsePort(argv, env) {
  const i = argv.indexOf('--port');
  let text = env.PORT;
  if (i !== -1) text = argv[i + 1];
  const eq = argv.find((a) => a.startsWith('--port='));
  if (eq) text = eq.slice('--port='.length);
  if (text === undefined || text === '') return 8080;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`serve: not a port number: ${text}`);
  }
  return port;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(await realpath(process.argv[1]).catch(() => process.argv[1])).href;
if (isMain) {
  try {
    const port = parsePort(process.argv.slice(2), process.env);
    const { url } = await startServer({ port });
    console.log(`Serving ${DEFAULT_ROOT} at ${url}`);
    console.log(`Demo: ${url}www/index.html`);
  } catch (err) {
    console.error(err.code === 'EADDRINUSE' ? `serve: port already in use (${err.message})` : String(err.message ?? err));
    process.exit(1);
  }
}
