/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DEFAULT_WEB_ROOT } from '../../src/http/routes/web.routes.ts';

/** Debian's Chromium (apt-get install chromium fonts-wqy-microhei; .ci/run installs it). */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-results/e2e');

export function requireBuiltWebApp(): void {
  if (!existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) {
    throw new Error('The e2e tests drive the built web app: run `npm run build:web` first.');
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The e2e tests need Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-wqy-microhei`,
    );
  }
}

/**
 * Headless Chromium with no background traffic (the CI machine's network is closed). Playwright starts
 * each launch with a fresh, empty profile directory of its own, so no state leaks between runs.
 */
export async function launchBrowser(): Promise<Browser> {
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
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
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page as it is now; returns the serious and critical violations, described. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol rather than a <script> tag: the pages' Content-Security-Policy
  // (rightly) refuses inline scripts, and the test must not weaken it.
  await page.evaluate(await readFile(AXE_PATH, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
