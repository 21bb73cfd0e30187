// @ts-check
/// <reference types="xrm" />
// Form library ps_/crm/partnerfitonload.js for the Dynamics 365 account
// form. Register PartnerScoring.onLoad on the form's OnLoad event with "Pass
// execution context as first parameter" ticked. It hands Xrm and the
// formContext to the web resource WebResource_partnerfit
// (ps_/crm/partnerfit.html), which embeds the partner-scoring panel and
// rescoring on every change of a column. A classic script, as form
// libraries are. See www/crm/hosts/dynamics/README.md.
(function () {
  var CONTROL = 'WebResource_partnerfit';
  var NOTICE = 'partner-scoring-partnerfit';

  /**
   * @param {Xrm.Events.EventContext} executionContext
   * @returns {Promise<boolean>} whether the web resource got the context
   */
  async function onLoad(executionContext) {
    var formContext = executionContext.getFormContext();
    /** @type {Xrm.Controls.IframeControl | null} */
    var control = formContext.getControl(CONTROL);
    if (!control) {
      formContext.ui.setFormNotification('Partner fit: add the web resource ps_/crm/partnerfit.html to this form with the name ' + CONTROL + '.', 'WARNING', NOTICE);
      return false;
    }
    var win = /** @type {Window & {setClientApiContext?: Function, partnerFitContext?: object}} */ (await control.getContentWindow());
    if (typeof win.setClientApiContext === 'function') {
      win.setClientApiContext(Xrm, formContext);
    } else {
      // The web resource's module has not run yet: it picks this up when it does.
      win.partnerFitContext = { xrm: Xrm, formContext: formContext };
    }
    return true;
  }

  var root = /** @type {Window & {PartnerScoring?: {onLoad?: typeof onLoad}}} */ (window);
  root.PartnerScoring = Object.assign(root.PartnerScoring || {}, { onLoad: onLoad });
})();
