import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHtmlReport } from '../../src/report/html.js';
import type { Report } from '../../src/report/report.js';
import { runCli, tempDir } from '../support/cli.js';
import { ROOT } from '../support/processes.js';
import { failingReport, passingReport } from '../unit/report/reports.js';

/**
 * report.html as a reader sees it: Debian's Chromium, headless, with JavaScript off (the page must
 * need none) and every request recorded (it must make none beyond its own file). Playwright's own
 * browser download is not used: `executablePath` points at the system's Chromium, which `.ci/run`
 * installs when it is missing.
 */

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.join(ROOT, 'reports', 'html-report.png');

let browser: Browser;
let report: Report;
let reportFile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with 'apt-get install -y chromium' (.ci/run does) to run the browser test`);
  }
  const out = tempDir();
  // A generous start-up limit, so that a loaded machine does not end the search without a verdict.
  const args = ['--target', 'scenarios/exit-at-once.js', '--runs', '20', '--seed', '7', '--startup-timeout', '60s'];
  const result = runCli([...args, '--reporter', 'html', '--out', out], { cwd: ROOT });
  expect(result.status).toBe(1);
  report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
  reportFile = path.join(out, 'report.html');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

/** A page with scripts off that records every URL it asks for. */
async function open(load: (page: Page) => Promise<unknown>): Promise<{ page: Page; requested: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await load(page);
  return { page, requested };
}

type Box = { x: number; y: number; width: number; height: number };
async function box(page: Page, selector: string): Promise<Box> {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not rendered`);
  return found;
}

/** The section of the report's first run-failing counterexample, which `report.counterexample` is. */
function top(): string {
  const id = report.invariants.find((i) => i.counterexample !== null && i.counterexample.path === report.counterexample?.path && i.severity === 'error')?.id;
  return `section.counterexample[data-invariant="${id ?? 'missing'}"]`;
}

describe('report.html of a real failing search, in Chromium', () => {
  it('renders the verdict table, the timeline and the replay command without fetching anything', async () => {
    const { page, requested } = await open((p) => p.goto(pathToFileURL(reportFile).href));
    expect(requested).toEqual([pathToFileURL(reportFile).href]);
    await expect(page.locator('h1').textContent()).resolves.toBe('shutdown-check: fail — scenarios/exit-at-once.js');
    expect(await page.locator('table.verdicts tbody tr').count()).toBe(report.invariants.length);
    const violated = report.invariants.filter((i) => i.verdict === 'violated').map((i) => i.id);
    for (const id of violated) {
      await expect(page.locator(`tr[data-invariant="${id}"] td.verdict`).textContent()).resolves.toMatch(/^violated/);
    }
    // Each violated invariant has its section: its own timeline and its own replay command.
    for (const id of violated) {
      const own = report.invariants.find((i) => i.id === id)?.counterexample;
      await expect(page.locator(`section.counterexample[data-invariant="${id}"] pre.command`).textContent()).resolves.toBe(own?.replay);
      expect(await page.locator(`section.counterexample[data-invariant="${id}"] svg.timeline`).count()).toBe(1);
    }
    await expect(page.locator(`${top()} pre.command`).textContent()).resolves.toBe(report.replay);
    const svg = await box(page, `${top()} svg.timeline`);
    expect(svg.width).toBeGreaterThan(0);
    expect(svg.height).toBeGreaterThan(0);

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it('draws exactly one lane per client of the counterexample, each bar inside its lane', async () => {
    const { page } = await open((p) => p.goto(pathToFileURL(reportFile).href));
    const ids = report.counterexample?.scenario.clients.map((c) => c.id) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    const lanes = page.locator(`${top()} svg.timeline g.lane`);
    expect(await lanes.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-client')))).toEqual(ids);
    const svg = await box(page, `${top()} svg.timeline`);
    for (const id of ids) {
      const lane = await box(page, `${top()} svg.timeline g.lane[data-client="${id}"]`);
      const bars = await page.locator(`${top()} svg.timeline g.lane[data-client="${id}"] g.request rect`).all();
      const requests = report.counterexample?.history.filter((e) => e.type === 'request-sent' && e.client === id).length;
      expect(bars).toHaveLength(requests ?? -1);
      for (const bar of bars) {
        const b = await bar.boundingBox();
        expect(b).not.toBeNull();
        expect(b!.y).toBeGreaterThanOrEqual(lane.y);
        expect(b!.y + b!.height).toBeLessThanOrEqual(lane.y + lane.height);
        expect(b!.x + b!.width).toBeLessThanOrEqual(svg.x + svg.width);
      }
    }
  });

  it('marks the signal across the lanes, labelled with its name', async () => {
    const { page } = await open((p) => p.goto(pathToFileURL(reportFile).href));
    expect(await page.locator(`${top()} svg.timeline g.marker.signal`).count()).toBeGreaterThanOrEqual(1);
    const marker = await box(page, `${top()} svg.timeline g.marker.signal`);
    const first = await box(page, `${top()} svg.timeline g.lane >> nth=0`);
    const last = await box(page, `${top()} svg.timeline g.lane >> nth=-1`);
    expect(marker.y).toBeLessThan(first.y);
    expect(marker.y + marker.height).toBeGreaterThanOrEqual(last.y + last.height);
    const labels = await page.locator(`${top()} svg.timeline text.marker-label`).allTextContents();
    expect(labels).toContain(report.settings.signal);
  });
});

describe('report.html of literal reports, in Chromium', () => {
  it('stacks five lanes without overlap, the signal between a request answered before it and one sent after', async () => {
    const { page } = await open((p) => p.setContent(formatHtmlReport(failingReport())));
    const section = 'section.counterexample[data-invariant="in-flight-complete"]';
    const lanes = await page.locator(`${section} svg.timeline g.lane`).all();
    expect(lanes).toHaveLength(5);
    const boxes = await Promise.all(lanes.map((l) => l.boundingBox()));
    boxes.slice(1).forEach((b, i) => expect(b!.y).toBeGreaterThanOrEqual(boxes[i]!.y + boxes[i]!.height - 0.5));
    const signal = await box(page, `${section} svg.timeline g.marker.signal line`);
    const [before, after] = await page.locator(`${section} svg.timeline g.lane[data-client="K"] g.request rect`).all();
    const b = await before!.boundingBox();
    const a = await after!.boundingBox();
    expect(b!.x + b!.width).toBeLessThan(signal.x);
    expect(a!.x).toBeGreaterThan(signal.x);
  });

  it('says a passing search violated nothing and what it exercised, and draws no timeline', async () => {
    const { page } = await open((p) => p.setContent(formatHtmlReport(passingReport())));
    await expect(page.locator('.banner').textContent()).resolves.toMatch(/^Pass\. No invariant that fails the run was violated in 100 runs\. exercised: /);
    expect(await page.locator('svg').count()).toBe(0);
  });
});
