// The Dynamics 365 web resource's module (ps_/crm/partnerfit.html, see
// www/crm/hosts/dynamics/): waits for the form's OnLoad handler to hand it
// Xrm and the formContext (setClientApiContext, or partnerFitContext when
// the handler ran first), then embeds the panel and scores the account.
import { mountWebResource } from './dynamics.js';

const container = document.getElementById('partner-fit');
let mounted = null;

function setClientApiContext(xrm, formContext) {
  if (mounted) return mounted;
  container.replaceChildren();
  mounted = mountWebResource({ container, panelUrl: container.dataset.panelUrl, formContext });
  return mounted;
}

window.setClientApiContext = setClientApiContext;
if (window.partnerFitContext) setClientApiContext(window.partnerFitContext.xrm, window.partnerFitContext.formContext);
