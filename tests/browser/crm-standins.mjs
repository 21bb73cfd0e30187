// The CRMs' side of each vendor SDK's protocol, as pages a test serves on
// its own 127.0.0.1 port (another origin): used by crm-pipedrive, crm-zoho
// and crm-framing tests. Not a test file.

/** Listens on a free 127.0.0.1 port; resolves with the base URL (no slash). */
export function listen(server) {
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${server.address().port}`)));
}

// Pipedrive's side of the SDK protocol, in the top page: it frames the
// panel page and answers every command on its port.
export const PIPEDRIVE_CRM_PAGE = `<!doctype html><meta charset="utf-8"><title>Pipedrive stand-in</title>
<body><iframe id="ext" title="custom panel" style="width:320px;border:0;height:100px"></iframe>
<script>
const q = new URLSearchParams(location.search);
const frame = document.getElementById('ext');
window.__commands = [];
window.__track = [];
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow) return;
  const { payload, id } = e.data || {};
  if (!payload) return;
  if (payload.type === 'track') { window.__track.push(payload.event); return; }
  const port = e.ports[0];
  window.__commands.push({ id, type: payload.type, command: payload.command, args: payload.args ?? null, origin: e.origin });
  if (payload.type !== 'command') return;
  if (payload.command === 'initialize') port.postMessage({});
  else if (payload.command === 'resize') {
    const h = payload.args && payload.args.height;
    if (!(h >= 100 && h <= 750)) { port.postMessage({ error: 'height out of range' }); return; }
    frame.style.height = h + 'px';
    port.postMessage({});
  } else if (payload.command === 'get_signed_token') port.postMessage({ data: { token: q.get('fresh') } });
  else port.postMessage({ error: 'not simulated: ' + payload.command });
});
frame.src = q.get('src');
</script>`;

// Zoho CRM's side of the protocol, in the top page.
export function zohoCrmPage(record, pageLoad) {
  const data = JSON.stringify({ record, pageLoad }).replace(/</g, '\\u003c');
  return `<!doctype html><meta charset="utf-8"><title>Zoho CRM stand-in</title>
<body><iframe id="widget" title="widget" style="width:360px;border:0;height:200px"></iframe>
<script>
const { record, pageLoad } = ${data};
const frame = document.getElementById('widget');
window.__log = [];
// The CRM answers the app where its REGISTER says it is (appOrigin: the
// widget page's URL), and only that origin.
let appOrigin = null;
const send = (m) => frame.contentWindow.postMessage(m, appOrigin);
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow) return;
  let m = e.data;
  if (typeof m === 'string') { try { m = JSON.parse(m); } catch { return; } }
  if (!m || m.type !== 'SDK.EVENT') return;
  window.__log.push({ eventName: m.eventName, promiseid: m.promiseid ?? null, data: m.data ?? null, uniqueID: m.uniqueID ?? null });
  if (m.eventName === 'REGISTER') {
    appOrigin = new URL(decodeURIComponent(m.appOrigin)).origin;
    if (appOrigin !== e.origin) return;
    send({ type: 'FRAMEWORK.EVENT', eventName: 'SET_CONTEXT', data: { uniqueID: 'widget-1', connectors: {}, model: {} } });
    send({ type: 'FRAMEWORK.EVENT', eventName: 'PageLoad', data: pageLoad });
  } else if (e.origin !== appOrigin) {
    return;
  } else if (m.eventName === 'CRM_EVENT') {
    const d = m.data || {};
    if (d.category === 'READ' && d.APIData && d.APIData.Entity === pageLoad.Entity && String(d.APIData.RecordID) === String(pageLoad.EntityId)) {
      send({ type: 'FRAMEWORK.EVENT', eventName: 'EVENT_RESPONSE', promiseid: m.promiseid, data: { data: [record] } });
    } else if (d.category === 'UI' && d.action === 'RESIZE') {
      frame.style.height = d.data.height + 'px';
      send({ type: 'FRAMEWORK.EVENT', eventName: 'EVENT_RESPONSE', promiseid: m.promiseid, data: {} });
    } else {
      send({ type: 'FRAMEWORK.EVENT', eventName: 'EVENT_RESPONSE_FAILURE', promiseid: m.promiseid, data: { code: 'not simulated' } });
    }
  }
});
const q = new URLSearchParams({ crm: 'zoho', serviceOrigin: location.origin, frameorigin: location.origin });
frame.src = new URLSearchParams(location.search).get('widget') + '?' + q;
</script>`;
}


/**
 * What a deployer does to panel.html: lists `origins` (besides "self", unless
 * left out) in its data-allowed-origins. The test rewrites the served page
 * the same way, in a Playwright context, for the panel at `panelBase`
 * (its origin, or any URL pattern prefix).
 */
export async function deployAllowlist(context, panelBase, origins, { self = true } = {}) {
  const list = [...(self ? ['self'] : []), ...origins].join(' ');
  await context.route(`${panelBase.replace(/\/$/, '')}/www/crm/panel.html*`, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace('data-allowed-origins="self"', `data-allowed-origins="${list}"`);
    await route.fulfill({ response: res, body });
  });
}
