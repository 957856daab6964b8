// Safety and quality: hostile input, keyboard-only use, accessibility,
// offline guarantees, themes and phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startSession, SCREENSHOTS, PHONE, DESKTOP } from './browser.mjs';
import { AppPage, assertClean } from './app-page.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

async function openApp(options, path) {
  const { page, log, context } = await session.newPage(options);
  const app = new AppPage(page, session.origin);
  await app.open(path);
  return { page, log, app, context };
}

const HOSTILE = `resource "aws_security_group" "<img src=x onerror=alert(1)>" {
  name        = "<script>alert(2)</script> | pipe"
  description = "a | b"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

test('hostile names render as text and execute nothing', async () => {
  const { page, log, app } = await openApp();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await app.fileName.fill('<img src=x onerror=alert(3)>|.tf');
  await app.replaceSource(HOSTILE);
  await app.showAllControls();
  const row = page.locator('[data-testid=control-row][data-id=SEC003]');
  assert.equal(await row.getAttribute('data-status'), 'fail');
  const text = await row.innerText();
  assert.match(text, /<img src=x onerror=alert\(1\)>/);
  assert.match(text, /<img src=x onerror=alert\(3\)>\|\.tf:\d+:\d+/);
  await row.getByTestId('finding-location').first().click();
  assert.match(await app.editorText(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.locator('img').count(), 0, 'no element made from input');
  assert.equal(await page.locator('script:not([type=module])').count(), 0);
  // The Markdown report escapes table cells.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-md').click()]);
  const markdown = await readFile(await download.path(), 'utf8');
  assert.ok(!/\| a \| b \|/.test(markdown));
  await page.waitForTimeout(200);
  assert.equal(dialogs, 0);
  assertClean(log);
});

test('the page works with the keyboard alone', async () => {
  const { page, log, app } = await openApp();
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    return { testid: e.dataset.testid ?? null, role: e.getAttribute('role'), text: e.textContent.trim().slice(0, 40),
      outline: getComputedStyle(e).outlineStyle };
  });
  // Tab from the top: skip link, samples, side switch, the active file tab.
  await page.keyboard.press('Tab');
  assert.match((await focused()).text, /Skip to the report/);
  const seen = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const f = await focused();
    seen.push(f.testid ?? f.role ?? f.text);
    assert.notEqual(f.outline, 'none', `visible focus on ${JSON.stringify(f)}`);
  }
  assert.ok(seen.includes('side-candidate') && seen.includes('tab'), seen.join());
  // Open a sample with Enter.
  await page.getByTestId('gallery').locator('summary').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('sample-strong').focus();
  await app.reanalysed(() => page.keyboard.press('Enter'));
  // Tabs: arrow keys move between files.
  await page.getByRole('tab', { name: 'provider.tf' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal((await focused()).text, 'variables.tf');
  await page.keyboard.press('End');
  assert.equal((await focused()).text, 'tests/baseline.tftest.hcl');
  // A control's documentation: Enter opens it, Escape closes it.
  await page.getByTestId('filter-status').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.getByTestId('control-doc').first().focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('docs-dialog').waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await page.getByTestId('docs-dialog').waitFor({ state: 'hidden' });
  // A finding's location: Enter puts the editor's cursor on its line.
  await page.getByTestId('filter-status').selectOption('problems');
  const location = page.getByTestId('finding-location').first();
  await location.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const host = document.querySelector('[data-testid=code-host]');
    return document.activeElement === host && host.shadowRoot.activeElement?.classList.contains('cm-content');
  });
  assertClean(log);
});

test('no accessibility violations (axe-core)', async () => {
  const require = createRequire(import.meta.url);
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  for (const [name, options] of [['light', DESKTOP], ['dark', { ...DESKTOP, colorScheme: 'dark' }]]) {
    const { page, log, app } = await openApp({ ...options, bypassCSP: true });
    await app.loadSample('comparison');
    await app.showAllControls();
    await page.getByTestId('finding-location').first().click();
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(problems, [], `${name} theme`);
    assertClean(log);
  }
});

test('nothing is fetched after load: connections are locked by CSP', async () => {
  const { page, log } = await openApp();
  const csp = await page.evaluate(() => [...document.querySelectorAll('meta[http-equiv=Content-Security-Policy]')].map((m) => m.content));
  assert.equal(csp.length, 2);
  assert.match(csp[0], /default-src 'none'/);
  const scriptSrc = csp[0].split(';').find((d) => d.trim().startsWith('script-src'));
  assert.ok(!scriptSrc.includes("'unsafe-inline'"), 'inline scripts allowed by hash only');
  assert.match(csp[0], /style-src 'self';/, 'no style elements but the page\'s own');
  assert.equal(csp[1], "connect-src 'none'");
  const outcome = await page.evaluate(() => fetch('./index.html').then(() => 'fetched', () => 'blocked'));
  assert.equal(outcome, 'blocked');
  assertClean(log, { allowConsole: [/Content Security Policy/] });
});

test('dark theme follows the system and the page reads well at phone width', async () => {
  const dark = await openApp({ ...DESKTOP, colorScheme: 'dark' });
  const background = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(15, 18, 23)');
  await dark.page.screenshot({ path: join(SCREENSHOTS, 'desktop-dark.png') });
  assertClean(dark.log);

  const phone = await openApp(PHONE);
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await phone.page.screenshot({ path: join(SCREENSHOTS, 'phone.png') });
  assertClean(phone.log);
});

test('the report area keeps its place while an analysis runs', async () => {
  const { page, app, log } = await openApp();
  const top = () => page.getByTestId('controls-count').evaluate((e) => e.getBoundingClientRect().top);
  const summaryBox = await page.getByTestId('summary').boundingBox();
  const barsBox = await page.getByTestId('category-bars').boundingBox();
  await app.replaceSource(HOSTILE);
  assert.deepEqual(await page.getByTestId('summary').boundingBox(), summaryBox);
  assert.deepEqual(await page.getByTestId('category-bars').boundingBox(), barsBox);
  assert.ok(await top() > 0);
  assertClean(log);
});
