#!/usr/bin/env node
// Writes the Dynamics 365 solution for the partner-fit panel:
//
//   node www/crm/hosts/dynamics/build.mjs --panel-base https://partners.example.com/ [--out DIR]
//
// DIR (default target/dynamics-solution) gets the solution's files
// (solution.xml, customizations.xml, [Content_Types].xml, WebResources/)
// and PartnerScoring_<version>.zip, the file to import (Power Apps ›
// Solutions › Import). The web resources are the host side of the panel:
// the HTML page for the account form, its module and what it imports, its
// stylesheet and the form's OnLoad library; the panel's URL is put in the
// page. See README.md.

import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLACEHOLDER, panelBaseUrl, readArgs } from '../build-args.mjs';
import { zipSync } from 'fflate';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CRM = resolve(HERE, '../..');
const ROOT = resolve(CRM, '../..');

export const SOLUTION = Object.freeze({ uniqueName: 'PartnerScoring', version: '1.0.0.0', publisher: 'partnerscoring', prefix: 'ps', optionValuePrefix: 10170 });

// Web resource types (Dataverse webresource.webresourcetype): 1 HTML, 2 CSS, 3 JavaScript.
export const WEB_RESOURCES = Object.freeze([
  { name: 'ps_/crm/partnerfit.html', from: 'hosts/dynamics/webresources/partnerfit.html', type: 1, display: 'Partner fit: the panel on the account form' },
  { name: 'ps_/crm/partnerfit.css', from: 'hosts/dynamics/webresources/partnerfit.css', type: 2, display: 'Partner fit: page style' },
  { name: 'ps_/crm/partnerfitonload.js', from: 'hosts/dynamics/webresources/partnerfitonload.js', type: 3, display: 'Partner fit: account form OnLoad (PartnerScoring.onLoad)' },
  { name: 'ps_/crm/adapters/dynamics-page.js', from: 'adapters/dynamics-page.js', type: 3, display: 'Partner fit: page module' },
  { name: 'ps_/crm/adapters/dynamics.js', from: 'adapters/dynamics.js', type: 3, display: 'Partner fit: Dynamics adapter' },
  { name: 'ps_/crm/adapters/host.js', from: 'adapters/host.js', type: 3, display: 'Partner fit: panel host glue' },
  { name: 'ps_/crm/protocol.js', from: 'protocol.js', type: 3, display: 'Partner fit: panel protocol' },
]);

/** A stable id per web resource, so a rebuilt solution updates the same records. */
export function webResourceId(name) {
  const h = createHash('sha1').update(`partner-scoring/${name}`).digest('hex');
  const v = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return `{${v}}`;
}

/** The file in the zip, named as Dataverse exports name them: the name's letters, digits and _, then the id. */
export function fileNameFor(name) {
  return `/WebResources/${name.replace(/[^A-Za-z0-9_]/g, '')}${webResourceId(name).slice(1, -1)}`;
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function solutionXml() {
  const nil = (tag) => `          <${tag} xsi:nil="true"></${tag}>`;
  const address = (n) => [
    '        <Address>',
    `          <AddressNumber>${n}</AddressNumber>`,
    '          <AddressTypeCode>1</AddressTypeCode>',
    ...['City', 'County', 'Country', 'Fax', 'FreightTermsCode', 'ImportSequenceNumber', 'Latitude', 'Line1', 'Line2', 'Line3', 'Longitude', 'Name', 'PostalCode', 'PostOfficeBox', 'PrimaryContactName'].map(nil),
    '          <ShippingMethodCode>1</ShippingMethodCode>',
    ...['StateOrProvince', 'Telephone1', 'Telephone2', 'Telephone3', 'TimeZoneRuleVersionNumber', 'UPSZone', 'UTCOffset', 'UTCConversionTimeZoneCode'].map(nil),
    '        </Address>',
  ].join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml version="9.2.24012.193" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <SolutionManifest>
    <UniqueName>${SOLUTION.uniqueName}</UniqueName>
    <LocalizedNames>
      <LocalizedName description="Partner scoring" languagecode="1033" />
    </LocalizedNames>
    <Descriptions>
      <Description description="The partner-fit panel on the account form: web resources and the form's OnLoad library. The panel itself is served from your own HTTPS origin." languagecode="1033" />
    </Descriptions>
    <Version>${SOLUTION.version}</Version>
    <Managed>0</Managed>
    <Publisher>
      <UniqueName>${SOLUTION.publisher}</UniqueName>
      <LocalizedNames>
        <LocalizedName description="Partner scoring" languagecode="1033" />
      </LocalizedNames>
      <Descriptions>
        <Description description="Publisher of the partner-scoring solution." languagecode="1033" />
      </Descriptions>
      <EMailAddress xsi:nil="true"></EMailAddress>
      <SupportingWebsiteUrl xsi:nil="true"></SupportingWebsiteUrl>
      <CustomizationPrefix>${SOLUTION.prefix}</CustomizationPrefix>
      <CustomizationOptionValuePrefix>${SOLUTION.optionValuePrefix}</CustomizationOptionValuePrefix>
      <Addresses>
${address(1)}
${address(2)}
      </Addresses>
    </Publisher>
    <RootComponents>
${WEB_RESOURCES.map((w) => `      <RootComponent type="61" schemaName="${esc(w.name)}" behavior="0" />`).join('\n')}
    </RootComponents>
    <MissingDependencies />
  </SolutionManifest>
</ImportExportXml>
`;
}

function customizationsXml() {
  const resources = WEB_RESOURCES.map((w) => `    <WebResource>
      <WebResourceId>${webResourceId(w.name)}</WebResourceId>
      <Name>${esc(w.name)}</Name>
      <DisplayName>${esc(w.display)}</DisplayName>
      <WebResourceType>${w.type}</WebResourceType>
      <IntroducedVersion>${SOLUTION.version}</IntroducedVersion>
      <IsEnabledForMobileClient>1</IsEnabledForMobileClient>
      <IsAvailableForMobileOffline>0</IsAvailableForMobileOffline>
      <IsCustomizable>1</IsCustomizable>
      <CanBeDeleted>1</CanBeDeleted>
      <IsHidden>0</IsHidden>
      <FileName>${fileNameFor(w.name)}</FileName>
    </WebResource>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" OrganizationVersion="9.2.24012.193" OrganizationSchemaType="Standard" CRMServerServiceabilityVersion="9.2.24012.00193">
  <Entities />
  <Roles />
  <Workflows />
  <FieldSecurityProfiles />
  <Templates />
  <EntityMaps />
  <EntityRelationships />
  <OrganizationSettings />
  <optionsets />
  <CustomControls />
  <EntityDataProviders />
  <WebResources>
${resources}
  </WebResources>
  <Languages>
    <Language>1033</Language>
  </Languages>
</ImportExportXml>
`;
}

function contentTypesXml() {
  return `<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="xml" ContentType="application/octet-stream" />
${WEB_RESOURCES.map((w) => `  <Override PartName="${fileNameFor(w.name)}" ContentType="application/octet-stream" />`).join('\n')}
</Types>
`;
}


/**
 * Builds the solution. Returns the folder, the zip, the panel URL and, for
 * tests, `byName`: web resource name → its bytes (what Dynamics serves).
 */
export async function buildSolution({ panelBase = `${PLACEHOLDER}/`, out = resolve(ROOT, 'target/dynamics-solution') } = {}) {
  const base = panelBaseUrl(panelBase);
  const panelUrl = new URL('www/crm/panel.html', base).href;
  await rm(out, { recursive: true, force: true });
  const files = {
    'solution.xml': solutionXml(),
    'customizations.xml': customizationsXml(),
    '[Content_Types].xml': contentTypesXml(),
  };
  const byName = {};
  for (const w of WEB_RESOURCES) {
    let text = await readFile(resolve(CRM, w.from), 'utf8');
    if (w.type === 1) {
      const placeholder = `data-panel-url="${PLACEHOLDER}/www/crm/panel.html"`;
      if (!text.includes(placeholder)) throw new Error(`build.mjs: no ${placeholder} in ${w.from}`);
      text = text.replace(placeholder, `data-panel-url="${esc(panelUrl)}"`);
    }
    files[fileNameFor(w.name).slice(1)] = text;
    byName[w.name] = text;
  }
  const zipEntries = {};
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(resolve(out, path)), { recursive: true });
    await writeFile(resolve(out, path), text);
    zipEntries[path] = new TextEncoder().encode(text);
  }
  const zip = resolve(out, `${SOLUTION.uniqueName}_${SOLUTION.version.replace(/\./g, '_')}.zip`);
  await writeFile(zip, zipSync(zipEntries, { level: 9 }));
  return { out, zip, panelUrl, byName };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const opts = readArgs(process.argv.slice(2));
    const { zip } = await buildSolution(opts);
    console.log(`Dynamics 365 solution written to ${zip}`);
    console.log('next: Power Apps › Solutions › Import solution, then add the web resource and the OnLoad handler to the account form (README.md)');
  } catch (err) {
    console.error(String(err.message ?? err));
    process.exit(1);
  }
}
