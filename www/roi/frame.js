// The iframe page, for hosts whose content security policy forbids
// WebAssembly: the host embeds
//   <iframe src=".../roi/frame.html?currency=EUR&locale=de-DE&mode=partner" title="..."></iframe>
// The frame's own query string carries the attributes (currency, locale,
// mode, compact, theme, what-ifs and the starting values) and the scenario
// (roi-* parameters, as on any page). The frame tells its parent its height
// (so the host can size the iframe) and, only to an origin named in
// `parent-origin`, each change event's data.

import './embed.js';
import { FIELDS, TAG } from './partner-roi-calculator.js';

const params = new URLSearchParams(window.location.search);
const el = document.createElement(TAG);
const allowed = ['currency', 'locale', 'mode', 'theme', 'what-ifs', 'url-state', ...FIELDS.map((f) => f.attr)];
for (const name of allowed) {
  const value = params.get(name);
  if (value !== null) el.setAttribute(name, value);
}
if (params.has('compact') && params.get('compact') !== 'false') el.setAttribute('compact', '');
document.getElementById('frame-root').append(el);

const inFrame = window.parent !== window;
const parentOrigin = params.get('parent-origin');
let validOrigin = null;
if (parentOrigin) {
  try {
    validOrigin = new URL(parentOrigin).origin;
  } catch {
    validOrigin = null;
  }
}

if (inFrame) {
  // The height is harmless to share with any parent.
  const post = () => window.parent.postMessage(
    { type: 'partner-roi-calculator:height', height: Math.ceil(document.documentElement.scrollHeight) },
    '*',
  );
  new ResizeObserver(post).observe(document.body);
  if (validOrigin) {
    el.addEventListener('change', (e) => {
      window.parent.postMessage({ type: 'partner-roi-calculator:change', detail: e.detail }, validOrigin);
    });
  }
}
