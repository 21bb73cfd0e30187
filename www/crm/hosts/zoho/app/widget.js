// Where your copy of www/crm/ is deployed (edit before `zet pack`).
var PARTNER_FIT_ADAPTER = 'https://partners.example.com/www/crm/adapters/frame-host.html';

(function go() {
  var target = new URL(PARTNER_FIT_ADAPTER);
  if (/(^|\.)example\.com$/.test(target.hostname)) {
    // Not configured yet: say so rather than leave for a placeholder host.
    document.getElementById('status').textContent = 'Set PARTNER_FIT_ADAPTER in app/widget.js to your deployment, then run zet pack again.';
    return;
  }
  var query = new URLSearchParams(window.location.search);
  query.set('crm', 'zoho');
  target.search = query.toString();
  window.location.replace(target.href);
}());
