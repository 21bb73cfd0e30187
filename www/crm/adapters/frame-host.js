// Runs frame-host.html: loads the adapter named by ?crm=, lets it read the
// CRM's record context, and hands the result to the panel.

import { connectPanel } from './host.js';

const ADAPTERS = { hubspot: './hubspot.js', pipedrive: './pipedrive.js', zoho: './zoho.js' };
const status = document.getElementById('status');

function say(text) {
  status.textContent = text;
}

// A vendor SDK the deployer put next to the adapters (never a CDN: the
// page's CSP allows scripts from its own origin only).
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = new URL(src, import.meta.url).href;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}; see README.md`));
    document.head.append(s);
  });
}

async function start() {
  const crm = new URLSearchParams(location.search).get('crm');
  if (!Object.hasOwn(ADAPTERS, crm ?? '')) {
    say(`Unknown or missing ?crm= (one of ${Object.keys(ADAPTERS).join(', ')}).`);
    return;
  }
  const adapter = await import(ADAPTERS[crm]);
  if (adapter.SDK_SCRIPT) await loadScript(adapter.SDK_SCRIPT);
  const panel = connectPanel({ container: document.getElementById('panel-slot'), panelUrl: new URL('../panel.html', import.meta.url) });
  say('');
  const env = { location, document, window, html: document.documentElement };
  // The adapter calls back with a score body each time the record changes.
  // `panel` lets the adapter follow the panel's height (the CRM's own
  // resize call: Pipedrive's SDK, ZOHO.CRM.UI.Resize).
  await adapter.start(env, (body) => panel.score(body).catch((err) => say(`${err.code}: ${err.message}`)), panel);
}

start().catch((err) => say(err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? err)));
