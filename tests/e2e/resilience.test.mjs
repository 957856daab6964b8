// The page under strain: a worker that cannot load, a reload, JavaScript
// off, a documentation page embedding a live snippet, and a 5 MB stack.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSession, SCREENSHOTS } from './browser.mjs';
import { AppPage, assertClean } from './app-page.mjs';
import { bigStack } from './fixtures.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

for (const blocked of ['_loader.js', '_bg.wasm']) {
  test(`a worker whose ${blocked} file cannot load gives a clear error, not a spinner`, async () => {
    const { page, log } = await session.newPage();
    await page.route((url) => url.pathname.startsWith('/tfgrade-worker-') && url.pathname.endsWith(blocked),
      (route) => route.abort());
    const started = Date.now();
    await page.goto(session.origin + '/');
    await page.getByTestId('engine-error').waitFor({ timeout: 20_000 });
    assert.ok(Date.now() - started < 20_000);
    assert.match(await page.getByTestId('engine-error').innerText(), /analyser could not be loaded/);
    assert.equal(await page.locator('.spinner').count(), 0, 'no spinner');
    await page.screenshot({ path: join(SCREENSHOTS, 'worker-failed.png') });
    assertClean(log, { allowConsole: [/Failed to load resource|ERR_FAILED|net::/] });
  });
}

test('work survives a reload, and replacing it can be undone', async () => {
  const { page, log } = await session.newPage();
  const app = new AppPage(page, session.origin);
  await app.open();
  await app.replaceSource('resource "aws_kms_key" "kept" {\n  enable_key_rotation = true\n}\n');
  await app.reanalysed(() => app.profile.selectOption('strict'));
  // Saved shortly after the change: wait until the store holds it.
  // (waitForFunction does not await a promise the predicate returns: poll.)
  while (!(await page.evaluate(() => window.tfgradeStore.load('work')))?.includes('kept')) {
    await page.waitForTimeout(50);
  }
  await page.reload();
  await app.waitForAnalysis(0);
  assert.match(await app.editorText(), /aws_kms_key" "kept"/);
  assert.equal(await app.profile.inputValue(), 'strict');
  await app.loadSample('weak');
  assert.doesNotMatch(await app.editorText(), /"kept"/);
  await app.reanalysed(() => page.getByTestId('undo-replace').click());
  assert.match(await app.editorText(), /"kept"/);
  assertClean(log);
});

test('with JavaScript off the page says what it needs', async () => {
  const { page } = await session.newPage({ javaScriptEnabled: false });
  await page.goto(session.origin + '/');
  assert.match(await page.locator('noscript, .noscript').first().textContent(), /needs JavaScript and WebAssembly/);
});

test('a documentation page embeds a live, editable snippet with its report', async () => {
  const { page, log } = await session.newPage();
  await page.goto(session.origin + '/embed-example.html');
  const frame = page.frameLocator('[data-testid=snippet]');
  await frame.locator('[data-testid=control-row][data-id=ENC001]').waitFor();
  assert.equal(await frame.locator('[data-testid=control-row][data-id=ENC001]').getAttribute('data-status'), 'fail');
  await frame.locator('[data-testid=editor]').fill('resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n');
  await frame.locator('[data-testid=filter-status]').selectOption('');
  await frame.locator('[data-testid=control-row][data-id=ENC001][data-status=pass]').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'embed-example.png') });
  assertClean(log);
});

test('a 5 MB stack of 29,384 resources is reported with no main-thread task over 1 s', async () => {
  const { page, log } = await session.newPage();
  const app = new AppPage(page, session.origin);
  await app.open();
  await page.evaluate(() => {
    window.longestTask = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longestTask = Math.max(window.longestTask, e.duration);
    }).observe({ type: 'longtask' });
  });
  const before = await app.analysisId();
  await app.editor.fill('');
  await app.paste(bigStack(29_384));
  await app.waitForAnalysis(before, 180_000);
  assert.match(await app.status.innerText(), /1 file analysed/);
  assert.ok(await page.getByTestId('findings-unsent').count() > 0, 'the exports hold what the page does not draw');
  const longest = await page.evaluate(() => window.longestTask);
  assert.ok(longest < 1000, `the main thread was blocked for ${longest} ms at once`);
  assertClean(log);
});
