// Measures the built page (dist/) in headless Chromium and prints figures:
//  - a 10,000-line paste: until the editor has the text and a frame is drawn;
//  - a 5 MB stack of 29,384 resources: paste to report on screen, the
//    worker's own analysis time, and the longest main-thread task.
// Usage: node scripts/bench-web.mjs   (after scripts/build-web.sh)
import { startSession } from '../tests/e2e/browser.mjs';
import { AppPage } from '../tests/e2e/app-page.mjs';
import { bigStack, linesOfTerraform } from '../tests/e2e/fixtures.mjs';

const session = await startSession();
try {
  const { page } = await session.newPage();
  const app = new AppPage(page, session.origin);
  await app.open();
  await page.evaluate(() => {
    window.longestTask = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longestTask = Math.max(window.longestTask, e.duration);
    }).observe({ type: 'longtask' });
  });

  const paste = async (text) => {
    await app.editor.fill('');
    await app.editor.focus();
    return page.evaluate((text) => new Promise((done) => {
      const host = document.querySelector('[data-testid=code-host]');
      const content = host.shadowRoot.querySelector('.cm-content');
      const data = new DataTransfer();
      data.setData('text/plain', text);
      window.longestTask = 0;
      const started = performance.now();
      content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      requestAnimationFrame(() => setTimeout(() => {
        done({ ms: performance.now() - started, ok: host.editor.text().length === text.length });
      }));
    }), text);
  };

  const lines = linesOfTerraform(10_000);
  const small = await paste(lines);
  console.log(`10,000-line paste (${(lines.length / 1024).toFixed(0)} KB): ${small.ms.toFixed(0)} ms to text in the editor and a frame drawn${small.ok ? '' : ' (TEXT MISMATCH)'}`);

  const stack = bigStack(29_384);
  const before = await app.analysisId();
  const started = Date.now();
  const big = await paste(stack);
  await app.waitForAnalysis(before, 300_000);
  const total = Date.now() - started;
  const status = await app.status.innerText();
  const longest = await page.evaluate(() => window.longestTask);
  console.log(`5 MB stack (${(stack.length / 1048576).toFixed(1)} MB, 29,384 resources): paste ${big.ms.toFixed(0)} ms; report on screen after ${(total / 1000).toFixed(1)} s (${status}); longest main-thread task ${longest.toFixed(0)} ms`);
} finally {
  await session.close();
}
