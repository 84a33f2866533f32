/**
 * Headless Chromium for the HTML report tests: Debian's `chromium` (/usr/bin/chromium, which
 * .ci/run installs when missing) driven by playwright-core. A missing browser fails the test
 * (never a skip). Every page opened here records console errors, page errors and failed or
 * attempted network requests, which the tests require to be empty.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { runNad, type CliRun } from './cli.js';

/** Where Debian installs Chromium. */
export const CHROMIUM = process.env.NAD_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium; throws (fails the test) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** A page and what went wrong on it. */
export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors (CSP violations included), uncaught exceptions, and requests other than the file itself. */
  problems: string[];
}

/** Opens the report at `path` from file:// and waits until its table is drawn (data-ready). */
export async function openReport(browser: Browser, path: string): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const url = pathToFileURL(path).href;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (r.url() !== url && !r.url().startsWith('blob:')) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector('#app[data-ready="true"]', { timeout: 20_000 });
  return { page, context, problems };
}

/** `nad scan -m MODEL --all -f ndjson …extra` (the rows every connection of a report). */
export function scanAllNdjson(model: string, extra: string[]): Promise<CliRun> {
  return runNad(['scan', '-m', model, '--all', '-f', 'ndjson', ...extra]);
}
