// The Salesforce host package (www/crm/hosts/salesforce/): the SFDX project
// is read by Salesforce's own @salesforce/source-deploy-retrieve (the
// library behind `sf project deploy`), which resolves every component and
// converts the project to a Metadata API package offline, zipping the
// static resource; each metadata file is well-formed XML of its type's
// shape; the Apex parses with @apexdevtools/apex-parser and the test class
// covers the controller; and the adapter's remoting outcomes.
//
//   node --test tests/js/crm-hosts-salesforce.test.mjs
// The Lightning → Visualforce → panel chain runs in Chromium:
// tests/browser/crm-hosts-salesforce.test.mjs.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { buildProject, RESOURCE_FILES } from '../../www/crm/hosts/salesforce/build.mjs';
import { fieldsFor, remotingOutcome, toScoreMessage } from '../../www/crm/adapters/salesforce.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NS = 'http://soap.sforce.com/2006/04/metadata';
let out;
let project;
let def;

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
async function metadata(path, rootName) {
  const text = await readFile(path, 'utf8');
  assert.equal(XMLValidator.validate(text), true, `${path} is well-formed XML`);
  assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/);
  const doc = xml.parse(text);
  const root = doc[rootName];
  assert.ok(root, `${path}: root element <${rootName}>`);
  assert.equal(root['@_xmlns'], NS, `${path}: the Metadata API namespace`);
  return root;
}

before(async () => {
  await mkdir(join(ROOT, 'target'), { recursive: true });
  out = await mkdtemp(join(ROOT, 'target', 'salesforce-test-'));
  await buildProject({ panelBase: 'https://partners.example.com/', out: join(out, 'project') });
  project = JSON.parse(await readFile(join(out, 'project/sfdx-project.json'), 'utf8'));
  def = join(out, 'project/force-app/main/default');
});

after(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('Salesforce SFDX project', () => {
  it('is resolved by source-deploy-retrieve into exactly the components it should hold', async () => {
    assert.equal(project.packageDirectories.find((p) => p.default).path, 'force-app');
    assert.match(project.sourceApiVersion, /^\d{2}\.0$/);
    const set = ComponentSet.fromSource(join(out, 'project/force-app'));
    const found = set.getSourceComponents().toArray().map((c) => `${c.type.name}:${c.fullName}`).sort();
    assert.deepEqual(found, [
      'ApexClass:PartnerFitController',
      'ApexClass:PartnerFitControllerTest',
      'ApexPage:PartnerFit',
      'CspTrustedSite:PartnerScoringPanel',
      'StaticResource:partnerScoringCrm',
    ]);
    const pkg = await set.getPackageXml();
    assert.equal(XMLValidator.validate(pkg), true);
    for (const name of ['ApexClass', 'ApexPage', 'CspTrustedSite', 'StaticResource']) assert.match(pkg, new RegExp(`<name>${name}</name>`));
  });

  it('converts offline to a Metadata API package, with the static resource zipped', async () => {
    const set = ComponentSet.fromSource(join(out, 'project/force-app'));
    const mdapi = join(out, 'mdapi');
    await new MetadataConverter().convert(set, 'metadata', { type: 'directory', outputDirectory: mdapi, genUniqueDir: false });
    const zip = await readFile(join(mdapi, 'staticresources/partnerScoringCrm.resource'));
    assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip archive');
    for (const file of RESOURCE_FILES) assert.ok(zip.includes(Buffer.from(file)), `the zip holds ${file}`);
    assert.deepEqual((await readdir(join(mdapi, 'classes'))).sort(), [
      'PartnerFitController.cls', 'PartnerFitController.cls-meta.xml', 'PartnerFitControllerTest.cls', 'PartnerFitControllerTest.cls-meta.xml',
    ]);
  });

  it('has metadata files of each type\'s shape', async () => {
    const api = project.sourceApiVersion;
    for (const c of ['PartnerFitController', 'PartnerFitControllerTest']) {
      const cls = await metadata(join(def, `classes/${c}.cls-meta.xml`), 'ApexClass');
      assert.equal(cls.apiVersion, api);
      assert.equal(cls.status, 'Active');
    }
    const page = await metadata(join(def, 'pages/PartnerFit.page-meta.xml'), 'ApexPage');
    assert.equal(page.apiVersion, api);
    assert.ok(page.label.length > 0 && page.label.length <= 80);
    assert.equal(page.availableInTouch, 'true', 'available in Lightning Experience (the record page component)');
    const site = await metadata(join(def, 'cspTrustedSites/PartnerScoringPanel.cspTrustedSite-meta.xml'), 'CspTrustedSite');
    assert.equal(site.endpointUrl, 'https://partners.example.com', 'the panel origin from --panel-base');
    assert.equal(site.isActive, 'true');
    assert.equal(site.isApplicableToFrameSrc, 'true', 'frame-src: the page frames the panel');
    assert.ok(['All', 'LEX', 'Communities', 'VisualForce'].includes(site.context));
    for (const k of ['ConnectSrc', 'FontSrc', 'ImgSrc', 'MediaSrc', 'StyleSrc']) assert.equal(site[`isApplicableTo${k}`], 'false', `only frame-src (${k} off)`);
    const res = await metadata(join(def, 'staticresources/partnerScoringCrm.resource-meta.xml'), 'StaticResource');
    assert.equal(res.contentType, 'application/zip');
    assert.ok(['Private', 'Public'].includes(res.cacheControl));
  });

  it('has a Visualforce page of well-formed markup with no inline script, wired to the static resource', async () => {
    const text = await readFile(join(def, 'pages/PartnerFit.page'), 'utf8');
    assert.equal(XMLValidator.validate(text), true, 'Visualforce markup must be well-formed XML');
    const page = new XMLParser({ ignoreAttributes: false, preserveOrder: false }).parse(text)['apex:page'];
    assert.equal(page['@_standardController'], 'Account');
    assert.equal(page['@_extensions'], 'PartnerFitController');
    const scripts = [...text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][2].trim(), '', 'no inline script');
    const src = scripts[0][1].match(/src="\{!URLFOR\(\$Resource\.partnerScoringCrm, '([^']+)'\)\}"/)[1];
    assert.ok(RESOURCE_FILES.includes(src), `${src} is in the static resource`);
    assert.match(text, /data-panel-url="https:\/\/partners\.example\.com\/www\/crm\/panel\.html"/);
    assert.match(text, /data-remote-action="\{!\$RemoteAction\.PartnerFitController\.load\}"/);
    assert.match(text, /data-account-id="\{!Account\.Id\}"/);
  });

  it('has Apex that parses, a @RemoteAction the page calls, and a test class calling it', async () => {
    const parse = (source) => {
      const errors = [];
      class Collect extends ApexErrorListener {
        apexSyntaxError(line, column, msg) {
          errors.push(`${line}:${column} ${msg}`);
        }
      }
      const { parser } = ApexParserFactory.createLexerAndParser(source, new Collect());
      parser.compilationUnit();
      return errors;
    };
    const controller = await readFile(join(def, 'classes/PartnerFitController.cls'), 'utf8');
    const testClass = await readFile(join(def, 'classes/PartnerFitControllerTest.cls'), 'utf8');
    assert.deepEqual(parse(controller), []);
    assert.deepEqual(parse(testClass), []);
    assert.notDeepEqual(parse('public class Broken { void f( }'), [], 'a broken class is refused');
    assert.match(controller, /@RemoteAction\s+global static Account load\(Id accountId, List<String> fieldNames\)/);
    assert.match(controller, /AccessLevel\.USER_MODE/, 'the query runs in user mode (sharing and field-level security)');
    assert.match(testClass, /^@IsTest\s+private class PartnerFitControllerTest/m);
    const tests = [...testClass.matchAll(/@IsTest\s+static void (\w+)\(\)/g)].map((m) => m[1]);
    assert.ok(tests.length >= 5, `test methods: ${tests}`);
    assert.match(testClass, /PartnerFitController\.load\(/);
    assert.match(testClass, /new PartnerFitController\(new ApexPages\.StandardController/);
    for (const refusal of ['No Account id was given', 'is not an Account id', 'At most ', 'was not found']) {
      assert.ok(controller.includes(refusal), `the controller says: ${refusal}`);
      assert.ok(testClass.includes(refusal.trim()), `a test checks: ${refusal}`);
    }
  });
});

describe('Salesforce adapter: what the page asks for and what remoting answers', () => {
  it('asks the controller for Id, the label and each field of the map', async () => {
    const map = JSON.parse(await readFile(join(ROOT, 'www/crm/fieldmaps/salesforce.json'), 'utf8'));
    const fields = fieldsFor(map);
    assert.equal(fields[0], 'Id');
    assert.ok(fields.includes('Name'));
    for (const f of Object.values(map.fields)) assert.ok(fields.includes(f.from.split('.')[0]), f.from);
    assert.equal(new Set(fields).size, fields.length, 'each once');
    assert.deepEqual(fieldsFor({ label: 'Name', fields: { a: { from: 'Owner.Name' }, b: { from: 'Name' } } }), ['Id', 'Name', 'Owner']);
  });

  it('turns a failed remoting call into a message in words, never a throw', async () => {
    const failed = remotingOutcome(null, { status: false, type: 'exception', message: 'Insufficient access rights on object id' });
    assert.deepEqual(failed, { ok: false, message: 'Salesforce could not load this Account for the partner fit panel: Insufficient access rights on object id' });
    assert.match(remotingOutcome(null, { status: false }).message, /no reason was given/);
    assert.match(remotingOutcome(null, { status: true }).message, /returned no Account/);
    assert.match(remotingOutcome('oops', undefined).message, /returned no Account/);
    const f = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/crm/salesforce-sobject.json'), 'utf8'));
    const ok = remotingOutcome(f.payload, { status: true, type: 'rpc' });
    assert.equal(ok.ok, true);
    assert.equal(toScoreMessage(ok.account, { requestId: 'x' }).record.Name, f.payload.Name);
  });
});
