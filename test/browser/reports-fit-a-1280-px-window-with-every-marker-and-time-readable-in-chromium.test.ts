import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { History } from '../../src/history/events.js';
import type { Report } from '../../src/report/report.js';
import { classOf, markerOf } from '../../src/report/timeline-palette.js';
import { runCli, tempDir } from '../support/cli.js';
import { ROOT, scenarioPath } from '../support/processes.js';

/**
 * report.html and compare.html of real searches, in Debian's Chromium at a laptop's 1,280 × 800: the
 * timeline is as wide as the page and inside the window, no marker sits on another, each time under
 * the axis is written once, the legend names exactly the outcomes drawn, and neither page scrolls
 * sideways. Scripts are off, as for a reader opening the file from a CI artifact.
 */

const CHROMIUM = '/usr/bin/chromium';
const WIDTH = 1280;

let browser: Browser;
let out: string;
let report: Report;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with 'apt-get install -y chromium' (.ci/run does) to run the browser test`);
  }
  out = tempDir();
  // A generous start-up limit, so that a loaded machine does not end a search without a verdict.
  const patience = ['--startup-timeout', '60s'];
  const search = runCli(['--target', 'scenarios/exit-at-once.js', '--runs', '20', '--seed', '7', ...patience, '--reporter', 'html', '--out', path.join(out, 'run')], { cwd: ROOT });
  expect(search.status).toBe(1);
  report = JSON.parse(readFileSync(path.join(out, 'run', 'report.json'), 'utf8')) as Report;
  const compare = runCli(['compare', scenarioPath('exit-at-once.js'), scenarioPath('ignore-signal.js'), '--runs', '5', '--seed', '1', ...patience, '--out', path.join(out, 'compare')], {
    cwd: ROOT,
  });
  expect(compare.status).toBe(1);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

async function open(file: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: WIDTH, height: 800 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  return page;
}

type Box = { x: number; y: number; width: number; height: number };
async function boxOf(element: Locator, what: string): Promise<Box> {
  const found = await element.boundingBox();
  if (!found) throw new Error(`${what} is not rendered`);
  return found;
}

/** Visible, and from its left edge to its right edge inside the window's width. */
async function expectInsideTheWindow(elements: Locator, what: string): Promise<void> {
  const all = await elements.all();
  expect(all.length, what).toBeGreaterThan(0);
  for (const element of all) {
    await expect(element.isVisible(), what).resolves.toBe(true);
    const box = await boxOf(element, what);
    expect(box.width, what).toBeGreaterThan(0);
    expect(box.x, what).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, what).toBeLessThanOrEqual(WIDTH);
  }
}

/** The class of every request's bar: its outcome's, or no-outcome. */
function outcomeClasses(history: History): string[] {
  const classes = history.flatMap((e) => {
    if (e.type !== 'request-sent') return [];
    const end = history.find((o) => o.type === 'request-outcome' && o.client === e.client && o.request === e.request);
    return [classOf(end?.type === 'request-outcome' ? end.outcome : null)];
  });
  return [...new Set(classes)].sort();
}

function violated(): { id: string; history: History; clients: string[] }[] {
  return report.invariants.flatMap((i) =>
    i.counterexample ? [{ id: i.id, history: i.counterexample.history, clients: i.counterexample.scenario.clients.map((c) => c.id) }] : [],
  );
}

describe('report.html of a real failing search, at 1,280 × 800', () => {
  it('draws each timeline across the page, its lanes, markers, times and legend inside the window', async () => {
    const page = await open(path.join(out, 'run', 'report.html'));
    const screenshot = path.join(out, 'report-1280.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(existsSync(screenshot)).toBe(true);
    expect(violated().length).toBeGreaterThan(0);
    for (const { id, clients } of violated()) {
      const section = page.locator(`section.counterexample[data-invariant="${id}"]`);
      const svg = await boxOf(section.locator('svg.timeline'), `${id}'s timeline`);
      const width = (await boxOf(section, id)).width;
      // As wide as the page's column, not a third of it.
      expect(svg.width, id).toBeGreaterThanOrEqual(width * 0.95);
      const lanes = section.locator('svg.timeline g.lane');
      expect(await lanes.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-client')))).toEqual(clients);
      await expectInsideTheWindow(lanes, `${id}'s lanes`);
      await expectInsideTheWindow(section.locator('svg.timeline g.marker'), `${id}'s markers`);
      await expectInsideTheWindow(section.locator('svg.timeline text.axis-label'), `${id}'s times`);
      await expectInsideTheWindow(section.locator('svg.timeline g.legend-item'), `${id}'s legend`);
    }
  });

  it('gives each marker of one step an x of its own, so that no marker hides another', async () => {
    const page = await open(path.join(out, 'run', 'report.html'));
    let sharedAStep = false;
    for (const { id, history } of violated()) {
      const steps = history.filter((e) => markerOf(e) !== null).map((e) => e.step);
      const markers = await page.locator(`section.counterexample[data-invariant="${id}"] svg.timeline g.marker`).all();
      expect(markers).toHaveLength(steps.length);
      const places = await Promise.all(markers.map((m) => boxOf(m, `a marker of ${id}`)));
      places.forEach((a, i) =>
        places.slice(i + 1).forEach((b, j) => {
          if (steps[i] !== steps[i + 1 + j]) return;
          sharedAStep = true;
          // A marker is a line across every lane: at one x, one covers the other wherever each begins.
          const apart = Math.abs(a.x + a.width / 2 - (b.x + b.width / 2));
          expect(apart, `${id}: markers ${i} and ${i + 1 + j} of step ${steps[i]}`).toBeGreaterThanOrEqual(4);
        }),
      );
    }
    // exit-at-once's signal and exit fall in one step, so this is tested, not vacuous.
    expect(sharedAStep).toBe(true);
  });

  it('writes each time under the axis once, and a legend of exactly the outcomes drawn', async () => {
    const page = await open(path.join(out, 'run', 'report.html'));
    for (const { id, history } of violated()) {
      const svg = page.locator(`section.counterexample[data-invariant="${id}"] svg.timeline`);
      const times = await svg.locator('text.axis-label').allTextContents();
      expect(times.length, id).toBeGreaterThan(0);
      expect(new Set(times).size, `${id}: ${times.join(', ')}`).toBe(times.length);
      const legend = await svg.locator('g.legend-item').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-class') ?? ''));
      expect([...legend].sort(), id).toEqual(outcomeClasses(history));
    }
  });
});

describe('compare.html of two targets, at 1,280 px', () => {
  it('is no wider than the window', async () => {
    const page = await open(path.join(out, 'compare', 'compare.html'));
    expect(await page.locator('table.matrix tbody tr').count()).toBe(2);
    await page.screenshot({ path: path.join(out, 'compare-1280.png'), fullPage: true });
    // document.documentElement is <html>: its scrollWidth is the width of everything the page lays out.
    expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(WIDTH);
  });
});
