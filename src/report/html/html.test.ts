import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { applyPolicy } from '../../policy/apply.js';
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
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url()); });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      mkdirSync(OUT, { recursive: true });
      const file = join(OUT, 'node-app.html');
      writeFileSync(file, renderHtml(outcome, { now: NOW }));
      await page.goto(`file://${file}`);
      assert.deepEqual(errors, []);
      assert.equal(await page.textContent('h1'), 'hullscan vulnerability report');
      const visible = () => page.locator('#findings tbody tr:visible').count();
      assert.equal(await visible(), findings.length);
      assert.equal(await page.textContent('#count'), `${findings.length} of ${findings.length} findings shown`);

      await page.fill('#q', 'lodash');
      assert.equal(await visible(), findings.filter((f) => f.package.name === 'lodash').length);
      await page.fill('#q', '');
      await page.selectOption('#sev', 'CRITICAL');
      assert.equal(await visible(), findings.filter((f) => f.severity === 'CRITICAL').length);
      await page.selectOption('#sev', '');
      await page.click('tr.layer[data-layer="4"]'); // the layer that re-installed handlebars
      assert.equal(await visible(), findings.filter((f) => f.package.locations[0]!.layer.index === 4).length);
      assert.ok(await visible() > 0);
      await page.selectOption('#layer', '');

      // sort by severity: the first click sorts descending (most severe first), the second ascending
      const sevHeader = page.locator('#findings th', { hasText: 'Severity' });
      await sevHeader.click();
      assert.equal(await page.locator('#findings tbody tr').first().getAttribute('data-sev'), 'CRITICAL');
      await sevHeader.click();
      assert.equal(await page.locator('#findings tbody tr').first().getAttribute('data-sev'), 'UNKNOWN');

      await sevHeader.click();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT, 'html-report.png'), fullPage: false });
      assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), [], 'no network requests');
      await page.close();
    });

    it('shows secrets, misconfigurations and licences in their own sections; the findings table still filters', async (t) => {
      if (!browser) return t.skip(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
      const outcome = nodeAppFullOutcome();
      const r = outcome.results[0]!;
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on('request', (q) => { if (!q.url().startsWith('file://') && !q.url().startsWith('data:') && q.url() !== 'about:blank') requests.push(q.url()); });
      mkdirSync(OUT, { recursive: true });
      const file = join(OUT, 'node-app-full.html');
      writeFileSync(file, renderHtml(outcome, { now: NOW }));
      await page.goto(`file://${file}`);
      assert.deepEqual(errors, []);
      const headings = await page.locator('h2').allTextContents();
      for (const h of ['Secrets', 'Misconfigurations', 'Licences']) assert.ok(headings.includes(h), h);
      assert.equal(await page.locator('table.secrets tbody tr:visible').count(), r.inventory.secrets.length);
      const aws = page.locator('table.secrets tbody tr', { hasText: 'aws-access-key-id' });
      assert.match(await aws.textContent() ?? '', /\/root\/\.aws\/credentials:2layer 3: COPY secrets\/ \/ # buildkitdeleted in a later layer, still in layer 3aws_access_key_id = \*\*\*\*\*/);
      assert.equal(await page.locator('table.misconfigurations tbody tr:visible').count(), r.inventory.misconfigurations.length);
      assert.match(await page.locator('table.misconfigurations tbody tr', { hasText: 'HS-DS-002' }).textContent() ?? '', /Image runs as root.*CIS 4\.1.*Create an unprivileged user/);
      assert.deepEqual(await page.locator('h3').allTextContents(), ['strong-copyleft (1)', 'weak-copyleft (2)', 'unknown (1)']);
      assert.equal(await page.locator('details.lic table tbody tr:visible').count(), 0, 'permissive licences are folded');
      await page.click('details.lic summary');
      assert.equal(await page.locator('details.lic table tbody tr:visible').count(), 80);
      assert.equal(await page.locator('table.layers tr.layer[data-layer="3"] td').last().textContent(), '3', 'three secrets were added by layer 3');
      assert.match(await page.textContent('p.policy') ?? '', /Policy failed: \d+ vulnerabilities, 5 secrets, 2 misconfigurations and 1 licence finding at or above HIGH/);
      await page.selectOption('#sev', 'CRITICAL');
      assert.equal(await page.locator('#findings tbody tr:visible').count(), r.findings.filter((f) => f.severity === 'CRITICAL').length);
      await page.selectOption('#sev', '');
      await page.locator('table.secrets').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUT, 'html-report-secrets.png'), fullPage: false });
      assert.deepEqual(requests, []);
      await page.close();
    });
  });
});
