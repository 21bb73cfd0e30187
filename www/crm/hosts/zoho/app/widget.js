// Where your copy of www/crm/ is deployed (edit before `zet pack`).
var PARTNER_FIT_ADAPTER = 'https://partners.example.com/www/crm/adapters/frame-host.html';

(function go() {
  var target = new URL(PARTNER_FIT_ADAPTER);
  var query = new URLSearchParams(window.location.search);
  query.set('crm', 'zoho');
  target.search = query.toString();
  window.location.replace(target.href);
}());
