// Host-side glue shared by the adapters: puts the panel in an iframe,
// waits for `ready`, sends messages with fresh requestIds, resolves each
// with its `result` (or rejects with its `error`) and follows `resize`.
// It runs in the CRM-side page (an adapter page, a Visualforce page, a
// Dynamics web resource), never inside the panel.

import { PROTOCOL, makeMessage } from '../protocol.js';

/**
 * @param {{container: Element, panelUrl: string|URL, title?: string, minHeight?: number, maxHeight?: number,
 *          onResult?: (msg: object) => void, onError?: (msg: object) => void}} options
 *   panelUrl: where panel.html is deployed. The panel answers this page
 *   only if the page's origin is in the panel's data-allowed-origins (its
 *   deployer's list; PROTOCOL.md, "Origins").
 */
export function connectPanel({ container, panelUrl, title = 'Partner fit', minHeight = 200, maxHeight = 4000, onResult, onError }) {
  const url = new URL(panelUrl, document.baseURI);
  const panelOrigin = url.origin;
  const iframe = document.createElement('iframe');
  iframe.title = title;
  iframe.src = url.href;
  iframe.className = 'partner-scoring-panel';
  iframe.style.width = '100%';
  iframe.style.border = '0';
  iframe.style.height = `${minHeight}px`;
  container.append(iframe);

  let seq = 0;
  const pending = new Map();
  const resizeListeners = [];
  let lastHeight = null;
  let markReady;
  const ready = new Promise((resolve) => { markReady = resolve; });

  window.addEventListener('message', (event) => {
    if (event.source !== iframe.contentWindow || event.origin !== panelOrigin) return;
    const msg = event.data;
    if (!msg || msg.protocol !== PROTOCOL) return;
    if (msg.type === 'ready') markReady(msg);
    else if (msg.type === 'resize' && Number.isFinite(msg.height)) {
      const height = Math.max(minHeight, Math.min(maxHeight, msg.height));
      iframe.style.height = `${height}px`;
      lastHeight = height;
      for (const fn of resizeListeners) fn(height);
    } else if (msg.type === 'result' || msg.type === 'error') {
      const p = pending.get(msg.requestId);
      if (p) {
        pending.delete(msg.requestId);
        if (msg.type === 'result') p.resolve(msg);
        else p.reject(Object.assign(new Error(msg.message), { code: msg.code, path: msg.path }));
      }
      if (msg.type === 'result') onResult?.(msg);
      else onError?.(msg);
    }
  });

  async function send(type, body) {
    await ready;
    seq += 1;
    const requestId = `host-${Date.now().toString(36)}-${seq}`;
    const msg = makeMessage(type, requestId, body);
    return new Promise((resolve, reject) => {
      pending.set(requestId, { resolve, reject });
      iframe.contentWindow.postMessage(msg, panelOrigin);
    });
  }

  return {
    iframe,
    ready,
    /** Sends a `score` message body ({record, fieldMap?, profileId?, economics?}). */
    score: (body) => send('score', body),
    /** Sends a custom profile (kept by the panel for the session). */
    profile: (profile, select = true) => send('profile', { profile, select }),
    /** 'light' or 'dark'. */
    theme: (theme) => send('theme', { theme }),
    /** Calls `fn(height)` each time the panel's iframe is resized to its content (and now, if it has been). */
    onResize: (fn) => {
      resizeListeners.push(fn);
      if (lastHeight !== null) fn(lastHeight);
    },
  };
}
