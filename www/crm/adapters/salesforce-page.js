// The Visualforce page's script (www/crm/hosts/salesforce/, page PartnerFit):
// loads the Account through the controller's @RemoteAction and shows the panel.
import { startVisualforcePage } from './salesforce.js';

startVisualforcePage({ document, window });
