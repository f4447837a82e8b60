// The pack in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core opens pages of a pack written to a temporary folder through file:// URLs,
// with no console error and no failed request, and sees the figures and the rendered charts.
// Skips only when no Chromium is found; with NPSKIT_REQUIRE_BROWSER=1 (CI) it fails instead.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportPack, reportPack } from '../../src/index.ts';
import { renderSvg } from '../../src/render/svg.ts';
import { escapeText } from '../../src/report/html.ts';
import { analysis, NODES } from './_fixture.ts';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((p): p is string => p !== undefined && p !== '');
const executablePath = CANDIDATES.find((p) => existsSync(p));
const required = process.env.NPSKIT_REQUIRE_BROWSER === '1';

if (executablePath === undefined && required) {
  throw new Error(
    `NPSKIT_REQUIRE_BROWSER=1 but no Chromium was found (looked at ${CANDIDATES.join(', ')}); install it: apt-get install -y chromium`,
  );
}
if (executablePath === undefined) {
  console.warn(
    `test/report/browser.test.ts skipped: no Chromium found (looked at ${CANDIDATES.join(', ')}); install Debian's chromium or set CHROMIUM_PATH`,
  );
}

describe.skipIf(executablePath === undefined)('the report pack in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let pack: ReportPack;

  beforeAll(async () => {
    pack = await reportPack(analysis(), { render: renderSvg, locale: 'en' });
    dir = await mkdtemp(join(tmpdir(), 'npskit-report-'));
    await Promise.all(pack.files.map((f) => writeFile(join(dir, f.path), f.contents, 'utf8')));
    browser = await chromium.launch({
      executablePath: executablePath ?? '',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens a page of the pack; collects console errors, page errors and failed requests. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning')
        problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file://')) problems.push(`network request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(join(dir, path)).href, { waitUntil: 'load' });
    return { page, problems };
  }

  const pathOf = (id: string): string => {
    const node = NODES.find((n) => n.id === id);
    const f = pack.files.find((x) =>
      x.contents.includes(`<h1>${escapeText(node?.name ?? id)}</h1>`),
    );
    return f?.path ?? '';
  };

  it('a store page shows its figures and its two charts, rendered, with no errors', async () => {
    const { page, problems } = await open(pathOf('s3'));
    // the hostile name is text, not a script
    expect(await page.locator('h1').textContent()).toBe('<script>alert("x")</script>');
    expect(await page.title()).toBe('<script>alert("x")</script> — NPS report');
    for (const kind of ['nps', 'interval', 'n']) {
      await expect
        .poll(() => page.locator(`[data-figure="${kind}"]`).first().isVisible())
        .toBe(true);
    }
    expect(await page.locator('[data-figure="nps"]').textContent()).toMatch(/^-?\d+$/);
    const svgs = page.locator('figure.chart svg');
    expect(await svgs.count()).toBe(2);
    for (const svg of await svgs.all()) {
      const box = await svg.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
      expect(box?.height ?? 0).toBeGreaterThan(50);
      // vega drew marks: the trend's line and band, the comparison's points
      expect(await svg.locator('path').count()).toBeGreaterThan(0);
    }
    expect(await page.getByRole('img', { name: 'Trend' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the root page links down and a child page links back up', async () => {
    const { page, problems } = await open('index.html');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('[data-figure="nps"]').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Retail chain' }).click();
    await page.waitForURL(/retail-[0-9a-f]{8}\.html$/);
    expect(await page.locator('h1').textContent()).toBe('Retail chain');
    await page.getByRole('navigation').getByRole('link', { name: 'Group "Retail" <&>' }).click();
    await page.waitForURL(/index\.html$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a withheld unit shows the reason and no figures', async () => {
    const { page, problems } = await open(pathOf('tiny'));
    expect(await page.locator('[data-withheld]').isVisible()).toBe(true);
    expect(await page.locator('[data-withheld]').textContent()).toContain('fewer than 5 responses');
    expect(await page.locator('[data-figure]').count()).toBe(0);
    expect(await page.locator('svg').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
