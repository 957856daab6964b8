// Shared set-up for the browser tests: serves dist/ on loopback, launches
// Debian's headless Chromium, and watches every request and console message.
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/static-server.mjs';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = join(here, '..', '..', 'dist');
export const SCREENSHOTS = join(here, 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

// Flags from TOOLCHAIN.md: without the background-networking ones Chromium
// keeps trying to reach outside hosts on its own.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];

export const DESKTOP = { viewport: { width: 1280, height: 900 } };
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export async function startSession() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: build the page first (scripts/build-web.sh)`);
  }
  const server = await serve(DIST, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    origin,
    browser,
    async newPage(options = DESKTOP) {
      const context = await browser.newContext({ acceptDownloads: true, ...options });
      const page = await context.newPage();
      const log = { foreignRequests: [], consoleErrors: [], pageErrors: [] };
      page.on('request', (req) => {
        const url = req.url();
        if (!url.startsWith(origin + '/') && !url.startsWith('data:') && !url.startsWith('blob:')) {
          log.foreignRequests.push(url);
        }
      });
      page.on('console', (msg) => {
        if (msg.type() === 'error') log.consoleErrors.push(msg.text());
      });
      page.on('pageerror', (err) => log.pageErrors.push(String(err)));
      return { page, log, context };
    },
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}
