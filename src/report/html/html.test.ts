import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { applyPolicy, type PolicyOutcome } from '../../policy/apply.js';
import { multiarchOutcome } from '../testdata/multiarch.js';
import { imageName } from '../targets.js';
import { NOW, nodeAppFullOutcome, nodeAppOutcome, scan } from '../testdata/outcomes.js';
import { debianFindings, debianPackages } from '../testdata/real-scan.js';
import { renderHtml } from './html.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const OUT = join(ROOT, 'test-output', 'report');
const CHROMIUM = process.env.HULLSCAN_CHROMIUM ?? '/usr/bin/chromium';

/** 500 real findings: node-app's, plus the Debian changelog tracker against the pkgdb kernel headers and systemd. */
function fiveHundred() {
  const s = scan();
  const layer = s.inventory.image.layers[0]!;
  const extra = debianPackages(['linux', 'systemd'], layer);
  const findings = [...s.findings, ...debianFindings(extra)].slice(0, 500);
  assert.equal(findings.length, 500);
  return applyPolicy([{ ...s, inventory: { ...s.inventory, packages: [...s.inventory.packages, ...extra] }, findings }], { now: NOW });
}

describe('HTML report', () => {
  it('is self-contained: no external scripts, styles, images or fonts', () => {
    const html = renderHtml(nodeAppOutcome(), { now: NOW });
    assert.doesNotMatch(html, /<link\b|<script[^>]+src=|<img[^>]+src=["']?https?:|@import|url\(\s*["']?https?:/i);
    assert.match(html, /<svg class="chart"/);
  });

  it('allows exactly its own style and script by hash: no unsafe-inline, one of each', () => {
    const html = renderHtml(nodeAppFullOutcome(), { now: NOW });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.match(csp, /default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    assert.equal(html.match(/<script>/g)!.length, 1);
    assert.equal(html.match(/<style>/g)!.length, 1);
    assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/i, 'no inline style attributes or event handlers, which the CSP would block');
  });

  it('weighs under 1 MB with 500 findings', (t) => {
    const bytes = Buffer.byteLength(renderHtml(fiveHundred(), { now: NOW }));
    t.diagnostic(`500-finding HTML report: ${bytes} bytes`);
    assert.ok(bytes < 1_000_000, `${bytes} bytes`);
  });

  describe('in headless Chromium', () => {
    let browser: BrowserContext | undefined;
    let profile: string;
    before(async () => {
      if (!existsSync(CHROMIUM)) return;
      // A fresh profile directory each run (playwright passes it as --user-data-dir).
      profile = mkdtempSync(join(tmpdir(), 'hullscan-chromium-'));
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1400, height: 1000 },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync'],
      });
    });
    after(async () => {
      await browser?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('renders, filters by text, severity and layer, sorts, and makes no network request', async (t) => {
      if (!browser) return t.skip(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
      const outcome = nodeAppOutcome();
      const findings = outcome.results[0]!.findings;
      const opened = await openReport(browser, outcome, 'node-app.html');
      const { page } = opened;
      assert.equal(await page.textContent('h1'), 'hullscan vulnerability report');
      const visible = () => page.locator('#findings tbody tr:visible').count();
      assert.equal(await visible(), findings.length);
      assert.equal(await page.textContent('#findings-count'), `${findings.length} of ${findings.length} findings shown`);

      await page.fill('#findings-q', 'lodash');
      assert.equal(await visible(), findings.filter((f) => f.package.name === 'lodash').length);
      await page.fill('#findings-q', '');
      await page.selectOption('#findings-sev', 'CRITICAL');
      assert.equal(await visible(), findings.filter((f) => f.severity === 'CRITICAL').length);
      await page.selectOption('#findings-sev', '');
      // The layer that re-installed handlebars is the fifth of five (index 4): its row in the layer table reads so,
      // a click filters the findings to it, and their Layer cells read the same way.
      const top = outcome.results[0]!.inventory.image.layers[4]!;
      const layerRow = page.locator(`tr.layer[data-layer="${top.diffId}"]`);
      assert.equal(await layerRow.locator('td').first().textContent(), '5 of 5');
      await layerRow.click();
      const fromTop = findings.filter((f) => f.package.locations[0]!.layer.index === 4);
      assert.ok(fromTop.length > 0);
      assert.equal(await visible(), fromTop.length);
      assert.deepEqual(new Set(await page.locator('#findings tbody tr:visible td:nth-child(8)').allTextContents()), new Set(['5 of 5']));
      assert.match(await page.locator('#findings-layer option:checked').textContent() ?? '', /^layer 5 of 5 \(sha256:4805ca408bc4\)$/);
      await page.selectOption('#findings-layer', '');

      // sort by severity: the first click sorts descending (most severe first), the second ascending
      const sevHeader = page.locator('#findings th', { hasText: 'Severity' });
      await sevHeader.click();
      assert.equal(await page.locator('#findings tbody tr').first().getAttribute('data-sev'), 'CRITICAL');
      await sevHeader.click();
      assert.equal(await page.locator('#findings tbody tr').first().getAttribute('data-sev'), 'UNKNOWN');

      await sevHeader.click();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT, 'html-report.png'), fullPage: false });
      await closeClean(opened);
    });

    it('shows secrets, misconfigurations and licences in their own sections; the findings table still filters', async (t) => {
      if (!browser) return t.skip(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
      const outcome = nodeAppFullOutcome();
      const r = outcome.results[0]!;
      const opened = await openReport(browser, outcome, 'node-app-full.html');
      const { page } = opened;
      const headings = await page.locator('h2').allTextContents();
      for (const h of ['Secrets', 'Misconfigurations', 'Licences']) assert.ok(headings.includes(h), h);
      assert.equal(await page.locator('table.secrets tbody tr:visible').count(), r.inventory.secrets.length);
      const aws = page.locator('table.secrets tbody tr', { hasText: 'aws-access-key-id' });
      assert.match(await aws.textContent() ?? '',
        /\/root\/\.aws\/credentials:2layer 4 of 5 \(sha256:673d607d7164\): COPY secrets\/ \/ # buildkitdeleted in a later layer, still in layer 4 of 5 \(sha256:673d607d7164\)aws_access_key_id = \*\*\*\*\*/);
      assert.equal(await page.locator('table.misconfigurations tbody tr:visible').count(), r.inventory.misconfigurations.length);
      assert.match(await page.locator('table.misconfigurations tbody tr', { hasText: 'HS-DS-002' }).textContent() ?? '', /Image runs as root.*CIS 4\.1.*Create an unprivileged user/);
      assert.deepEqual(await page.locator('h3').allTextContents(), ['strong-copyleft (1)', 'weak-copyleft (2)', 'unknown (1)']);
      assert.equal(await page.locator('details.lic table tbody tr:visible').count(), 0, 'permissive licences are folded');
      await page.click('details.lic summary');
      assert.equal(await page.locator('details.lic table tbody tr:visible').count(), 80);
      const secretsLayer = page.locator(`table.layers tr.layer[data-layer="${r.inventory.image.layers[3]!.diffId}"] td`);
      assert.equal(await secretsLayer.first().textContent(), '4 of 5');
      assert.equal(await secretsLayer.last().textContent(), '3', 'three secrets were added by the fourth layer (COPY secrets/ /)');
      assert.match(await page.textContent('p.policy') ?? '', /Policy failed: \d+ vulnerabilities, 5 secrets, 2 misconfigurations and 1 licence finding at or above HIGH/);
      await page.selectOption('#findings-sev', 'CRITICAL');
      assert.equal(await page.locator('#findings tbody tr:visible').count(), r.findings.filter((f) => f.severity === 'CRITICAL').length);
      await page.selectOption('#findings-sev', '');
      await page.locator('table.secrets').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUT, 'html-report-secrets.png'), fullPage: false });
      await closeClean(opened);
    });

    it('filters secrets, misconfigurations and licences like the findings: severity, text, rule, layer, licence class', async (t) => {
      if (!browser) return t.skip(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
      const outcome = nodeAppFullOutcome();
      const r = outcome.results[0]!;
      const { secrets, misconfigurations } = r.inventory;
      const licenses = r.licenses!;
      const opened = await openReport(browser, outcome, 'node-app-filters.html');
      const { page } = opened;
      const shown = (scope: string) => page.locator(`#${scope} tbody tr:visible`).count();

      // Secrets: all five, then by rule, by layer (the fourth, or the image configuration), by severity, by text.
      assert.equal(await page.textContent('#secrets-0-count'), `${secrets.length} of ${secrets.length} secrets shown`);
      await page.selectOption('#secrets-0-rule', 'generic-password');
      assert.equal(await shown('secrets-0'), secrets.filter((x) => x.rule === 'generic-password').length);
      await page.selectOption('#secrets-0-rule', '');
      const fourth = r.inventory.image.layers[3]!;
      assert.equal(await page.locator(`#secrets-0-layer option[value="${fourth.diffId}"]`).textContent(), 'layer 4 of 5 (sha256:673d607d7164)');
      await page.selectOption('#secrets-0-layer', fourth.diffId);
      assert.equal(await shown('secrets-0'), secrets.filter((x) => x.layer?.diffId === fourth.diffId).length);
      await page.selectOption('#secrets-0-layer', 'config');
      assert.equal(await shown('secrets-0'), secrets.filter((x) => !x.layer).length);
      await page.selectOption('#secrets-0-sev', 'CRITICAL');
      assert.equal(await shown('secrets-0'), 0, 'the CRITICAL secrets are in a file, not in the configuration: filters combine');
      assert.equal(await page.textContent('#secrets-0-count'), `0 of ${secrets.length} secrets shown`);
      await page.selectOption('#secrets-0-layer', '');
      assert.equal(await shown('secrets-0'), secrets.filter((x) => x.severity === 'CRITICAL').length);
      await page.selectOption('#secrets-0-sev', '');
      await page.fill('#secrets-0-q', 'id_rsa');
      assert.equal(await shown('secrets-0'), secrets.filter((x) => x.path.includes('id_rsa')).length);
      await page.fill('#secrets-0-q', '');
      assert.equal(await shown('secrets-0'), secrets.length);

      // Misconfigurations: by check id, severity and text; the other tables do not move.
      await page.selectOption('#misconfigurations-0-rule', 'HS-DS-011');
      assert.deepEqual(await page.locator('#misconfigurations-0 tbody tr:visible td:first-child').allTextContents(), ['HS-DS-011']);
      await page.selectOption('#misconfigurations-0-rule', '');
      await page.selectOption('#misconfigurations-0-sev', 'HIGH');
      assert.equal(await shown('misconfigurations-0'), misconfigurations.filter((m) => m.severity === 'HIGH').length);
      await page.selectOption('#misconfigurations-0-sev', '');
      await page.fill('#misconfigurations-0-q', 'port 22');
      assert.equal(await shown('misconfigurations-0'), misconfigurations.filter((m) => m.message.includes('port 22')).length);
      assert.equal(await shown('secrets-0'), secrets.length, 'each section has its own filters');
      await page.fill('#misconfigurations-0-q', '');

      // Licences: a class shows only its group; a search into the folded permissive class opens it.
      const byClass = (c: string) => licenses.filter((l) => l.classification === c).length;
      await page.selectOption('#licenses-0-class', 'weak-copyleft');
      assert.equal(await shown('licenses-0'), byClass('weak-copyleft'));
      assert.deepEqual(await page.locator('#licenses-0 h3:visible').allTextContents(), [`weak-copyleft (${byClass('weak-copyleft')})`]);
      await page.selectOption('#licenses-0-class', '');
      assert.equal(await page.locator('#licenses-0 details.lic tbody tr:visible').count(), 0, 'permissive licences are still folded');
      await page.fill('#licenses-0-q', 'express');
      const express = licenses.filter((l) => l.package.name.includes('express'));
      assert.ok(express.length > 0 && express.every((l) => l.classification === 'permissive'));
      assert.equal(await shown('licenses-0'), express.length);
      assert.equal(await page.locator('#licenses-0 details.lic').getAttribute('open'), '', 'the matching folded class opened');
      assert.equal(await page.textContent('#licenses-0-count'), `${express.length} of ${licenses.length} licence findings shown`);
      await page.fill('#licenses-0-q', '');
      await page.selectOption('#licenses-0-sev', 'HIGH');
      assert.equal(await shown('licenses-0'), licenses.filter((l) => l.severity === 'HIGH').length);
      await page.selectOption('#licenses-0-sev', '');
      await page.locator('#secrets-0').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUT, 'html-report-filters.png'), fullPage: false });
      await closeClean(opened);
    });

    it('a multi-platform scan (real multiarch image): an Image column and filter keep the platforms apart', async (t) => {
      if (!browser) return t.skip(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
      const outcome = await multiarchOutcome();
      const opened = await openReport(browser, outcome, 'multiarch.html');
      const { page } = opened;
      const headings = await page.locator('h2').allTextContents();
      for (const r of outcome.results) assert.ok(headings.includes(`${imageName(r.inventory)} (${r.inventory.image.platform})`), r.inventory.image.platform);
      const total = outcome.results.reduce((n, r) => n + r.findings.length, 0);
      assert.equal(await page.textContent('#findings-count'), `${total} of ${total} findings shown`);
      for (const r of outcome.results) {
        await page.selectOption('#findings-image', r.inventory.image.platform);
        assert.equal(await page.locator('#findings tbody tr:visible').count(), r.findings.length);
        assert.deepEqual(new Set(await page.locator('#findings tbody tr:visible td:first-child').allTextContents()), new Set([r.inventory.image.platform]));
        // Each platform's single layer, told apart by its diffID.
        const [layer] = r.inventory.image.layers;
        assert.equal(await page.locator(`#findings-layer option[value="${layer!.diffId}"]`).textContent(), `layer 1 of 1 (${layer!.diffId.slice(0, 19)})`);
      }
      // CVE-2023-6246 is fixed in amd64's libc6 (2.36-9+deb12u4) and VEX-suppressed in arm64's: in neither list.
      await page.selectOption('#findings-image', '');
      await page.fill('#findings-q', 'CVE-2023-6246');
      assert.equal(await page.locator('#findings tbody tr:visible').count(), 0);
      await closeClean(opened);
    });
  });
});

/** The page made no request and no script or CSP error; then it is closed. */
async function closeClean({ page, errors, requests }: Awaited<ReturnType<typeof openReport>>): Promise<void> {
  assert.deepEqual(requests, [], 'no network requests');
  assert.deepEqual(errors, [], 'no script errors, no CSP violations');
  await page.close();
}

/** Writes the report under test-output/report and opens it; script and console errors (CSP violations) and requests other than the file itself are collected. */
async function openReport(browser: BrowserContext, outcome: PolicyOutcome, name: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (q) => { if (!/^(file:|data:|about:blank)/.test(q.url())) requests.push(q.url()); });
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, name);
  writeFileSync(file, renderHtml(outcome, { now: NOW }));
  await page.goto(`file://${file}`);
  return { page, errors, requests };
}
