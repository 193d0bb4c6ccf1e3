/**
 * Opening a report.html in headless Chromium (Debian's `chromium` package) through playwright-core:
 * where the browser is, and what a page showed (console errors, page errors, each plot's box and
 * axes, a screenshot). Used by test/report/html-browser.test.ts and scripts/screenshot.ts.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Where Chromium is: $CHROMIUM, /usr/bin/chromium, or `chromium`/`chromium-browser` on PATH; null when absent. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', ...(process.env.PATH ?? '').split(delimiter).flatMap((d) => (d === '' ? [] : [join(d, 'chromium'), join(d, 'chromium-browser')]))];
  for (const c of candidates) {
    if (c === undefined || c === '') continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not there
    }
  }
  return null;
}

/** What one plot looked like in the browser. */
export interface PlotSeen {
  /** its id */
  id: string;
  /** the SVG's box (px) */
  width: number;
  height: number;
  /** axis groups in the SVG (`g.role-axis`) */
  axes: number;
  /** mark elements drawn (paths, rects, symbols under `g.role-mark`) */
  marks: number;
}

/** What a page showed. */
export interface PageSeen {
  /** console messages of type error */
  consoleErrors: string[];
  /** uncaught page errors */
  pageErrors: string[];
  /** requests for anything other than the file itself */
  requests: string[];
  /** each figure[data-plot] */
  plots: PlotSeen[];
}

/** Launches headless Chromium at `executablePath`. */
export function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

/**
 * Opens a report.html file, collects what it showed and saves a full-page screenshot.
 * @param browser - a launched browser
 * @param htmlFile - the report.html path
 * @param pngFile - where the screenshot goes
 * @param width - the viewport width (px)
 */
export async function inspectReport(browser: Browser, htmlFile: string, pngFile: string, width = 1200): Promise<PageSeen> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const seen: PageSeen = { consoleErrors: [], pageErrors: [], requests: [], plots: [] };
  const url = pathToFileURL(htmlFile).href;
  page.on('console', (m) => void (m.type() === 'error' && seen.consoleErrors.push(m.text())));
  page.on('pageerror', (e) => void seen.pageErrors.push(e.message));
  page.on('request', (r) => void (r.url() !== url && seen.requests.push(r.url())));
  try {
    await page.goto(url, { waitUntil: 'load' });
    seen.plots = await page.$$eval('figure[data-plot]', (figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: f.getAttribute('data-plot') ?? '',
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          axes: svg?.querySelectorAll('g.role-axis').length ?? 0,
          marks: svg?.querySelectorAll('g.role-mark > *, g.role-mark path, g.role-mark rect').length ?? 0,
        };
      }),
    );
    await page.screenshot({ path: pngFile, fullPage: true });
  } finally {
    await page.close();
  }
  return seen;
}
