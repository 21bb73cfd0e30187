#!/usr/bin/env node
// Writes the deployable SFDX project for Salesforce:
//
//   node www/crm/hosts/salesforce/build.mjs --panel-base https://partners.example.com/ [--out DIR]
//
// It copies sfdx-project.json and force-app/ to DIR (default
// target/salesforce-project), fills the partnerScoringCrm static resource
// folder with the host-side modules from www/crm/ (the CLI zips it on
// deploy), and puts your panel's origin in the CSP Trusted Site and the
// page's data-panel-url. Then deploy it with the Salesforce CLI; see README.md.

import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PLACEHOLDER, panelBaseUrl, readArgs } from '../build-args.mjs';
import { resolve } from 'node:path';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CRM = resolve(HERE, '../..');
const ROOT = resolve(CRM, '../..');

/** What goes into the static resource: the page's script and what it imports. */
export const RESOURCE_FILES = [
  'protocol.js',
  'adapters/host.js',
  'adapters/salesforce.js',
  'adapters/salesforce-page.js',
  'adapters/salesforce-page.css',
  'fieldmaps/salesforce.json',
];


/** Builds the project; returns where. */
export async function buildProject({ panelBase = `${PLACEHOLDER}/`, out = resolve(ROOT, 'target/salesforce-project') } = {}) {
  const base = panelBaseUrl(panelBase);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await cp(resolve(HERE, 'sfdx-project.json'), resolve(out, 'sfdx-project.json'));
  await cp(resolve(HERE, 'force-app'), resolve(out, 'force-app'), { recursive: true });
  const def = resolve(out, 'force-app/main/default');

  const resource = resolve(def, 'staticresources/partnerScoringCrm');
  for (const file of RESOURCE_FILES) {
    await mkdir(resolve(resource, file, '..'), { recursive: true });
    await cp(resolve(CRM, file), resolve(resource, file));
  }

  const site = resolve(def, 'cspTrustedSites/PartnerScoringPanel.cspTrustedSite-meta.xml');
  await writeFile(site, (await readFile(site, 'utf8')).replace(`<endpointUrl>${PLACEHOLDER}</endpointUrl>`, `<endpointUrl>${base.origin}</endpointUrl>`));
  const page = resolve(def, 'pages/PartnerFit.page');
  const panelUrl = new URL('www/crm/panel.html', base).href;
  await writeFile(page, (await readFile(page, 'utf8')).replace(`data-panel-url="${PLACEHOLDER}/www/crm/panel.html"`, `data-panel-url="${panelUrl}"`));
  return { out, resource, panelUrl };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const opts = readArgs(process.argv.slice(2));
    const { out } = await buildProject(opts);
    console.log(`Salesforce project written to ${out}`);
    console.log(`next: cd ${out} && sf project deploy start --source-dir force-app --test-level RunSpecifiedTests --tests PartnerFitControllerTest`);
  } catch (err) {
    console.error(String(err.message ?? err));
    process.exit(1);
  }
}
