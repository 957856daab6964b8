// Analysis in the page: paste, parse errors, the source view, tabs,
// Markdown answers, the gallery, profiles, prompts and comparison mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSession, SCREENSHOTS } from './browser.mjs';
import { AppPage, assertClean } from './app-page.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

async function openApp(options) {
  const { page, log } = await session.newPage(options);
  const app = new AppPage(page, session.origin);
  await app.open();
  return { page, log, app };
}

test('the page opens with a sample already analysed', async () => {
  const { page, log, app } = await openApp();
  assert.deepEqual(await app.tabNames(), ['main.tf']);
  const summary = await app.summary();
  assert.match(summary.points, /^\d+\.\d \/ 80$/);
  assert.ok(summary.percent > 0 && summary.percent < 100, `percent ${summary.percent}`);
  assert.match(summary.grade, /^(A\+|A|A−|A-|B\+|B|B−|B-|C\+|C|C−|C-|D|F)$/);
  assert.match(summary.training, /^\d(\.5)?\/5$/);
  assert.equal(await page.getByTestId('category-bars').locator('g.bar').count(), 8);
  assert.ok(await page.getByTestId('control-row').count() > 0, 'failing controls listed');
  assert.ok(await page.getByTestId('actions').locator('li').count() > 0, 'resolution actions listed');
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop-light.png') });
  assertClean(log);
});

test('pasted Terraform is analysed and findings point at their lines', async () => {
  const { page, log, app } = await openApp();
  await app.replaceSource(`resource "aws_db_instance" "db" {
  engine              = "postgres"
  publicly_accessible = true
  storage_encrypted   = false
}
`);
  assert.equal(await app.controlStatus('SEC009'), 'fail');
  assert.equal(await app.controlStatus('ENC006'), 'fail');
  const row = page.locator('[data-testid=control-row][data-id=SEC009]');
  const location = row.getByTestId('finding-location').first();
  assert.equal(await location.innerText(), 'main.tf:3:25');
  await location.click();
  await app.sourceView.waitFor();
  assert.match(await page.getByTestId('source-path').innerText(), /^main\.tf · line 3 of 5$/);
  const hit = app.sourceView.locator('.line.hit');
  assert.equal(await hit.getAttribute('data-line'), '3');
  assert.match(await hit.innerText(), /publicly_accessible = true/);
  assertClean(log);
});

test('a parse error names file, line and column and opens the source there', async () => {
  const { page, log, app } = await openApp();
  await app.fileName.fill('network.tf');
  await app.replaceSource('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n  enable_dns = = true\n}\n');
  const error = app.parseErrors.first();
  assert.match(await error.innerText(), /^network\.tf:3:\d+ /);
  assert.match(await app.status.innerText(), /1 file with parse errors/);
  await error.getByRole('button').click();
  assert.equal(await app.sourceView.locator('.line.hit').getAttribute('data-line'), '3');
  await page.screenshot({ path: join(SCREENSHOTS, 'parse-error.png') });
  assertClean(log);
});

test('files are tabs that can be added, renamed, closed and walked with arrow keys', async () => {
  const { page, log, app } = await openApp();
  await app.reanalysed(() => page.getByTestId('add-file').click());
  assert.deepEqual(await app.tabNames(), ['main.tf', 'file2.tf']);
  await app.fileName.fill('variables.tf');
  await app.replaceSource('variable "name" {\n  type        = string\n  description = "Name"\n}\n');
  assert.deepEqual(await app.tabNames(), ['main.tf', 'variables.tf']);
  await page.getByRole('tab', { name: 'variables.tf' }).focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'main.tf');
  assert.equal(await page.getByRole('tab', { name: 'main.tf' }).getAttribute('aria-selected'), 'true');
  assert.match(await app.editor.inputValue(), /aws_kms_key/);
  await app.reanalysed(() => page.getByTestId('close-file').click());
  assert.deepEqual(await app.tabNames(), ['variables.tf']);
  assert.match(await app.status.innerText(), /^1 file analysed/);
  assertClean(log);
});

test('a pasted Markdown answer is read as Markdown and its hcl blocks analysed', async () => {
  const { page, log, app } = await openApp();
  await app.replaceSource([
    '# My answer', '', '### main.tf', '', '```hcl',
    'resource "aws_kms_key" "k" {', '  enable_key_rotation = false', '}', '```', '',
  ].join('\n'));
  assert.deepEqual(await app.tabNames(), ['answer.md']);
  assert.match(await page.getByTestId('notice').innerText(), /Markdown answer/);
  assert.equal(await app.controlStatus('ENC001'), 'fail');
  const location = page.locator('[data-testid=control-row][data-id=ENC001]').getByTestId('finding-location').first();
  assert.match(await location.innerText(), /^answer\.md\/main\.tf:7:/);
  await location.click();
  assert.equal(await app.sourceView.locator('.line.hit').getAttribute('data-line'), '7');
  assertClean(log);
});

test('the sample gallery loads ready-made configurations', async () => {
  const { log, app } = await openApp();
  await app.loadSample('weak');
  const weak = await app.summary();
  assert.equal(await app.controlStatus('SEC003'), 'fail');
  await app.loadSample('strong');
  assert.equal((await app.tabNames()).length, 7);
  const strong = await app.summary();
  assert.ok(strong.percent > weak.percent + 30, `strong ${strong.percent}% vs weak ${weak.percent}%`);
  assert.equal(await app.controlStatus('CMP001'), 'pass');
  assertClean(log);
});

test('switching the profile changes the score', async () => {
  const { log, app } = await openApp();
  await app.loadSample('strong');
  const baseline = await app.summary();
  assert.equal(await app.controlStatus('CMP001'), 'pass');
  await app.reanalysed(() => app.profile.selectOption('module'));
  assert.equal(await app.page.getByTestId('report-profile').innerText(), 'module');
  assert.equal(await app.controlStatus('CMP001'), 'n/a');
  await app.reanalysed(() => app.profile.selectOption('strict'));
  const strict = await app.summary();
  assert.notEqual(strict.percent, baseline.percent);
  assertClean(log);
});

test('a prompt forbidding deletion protection flips OPS009, and the requirement can be removed', async () => {
  const { page, log, app } = await openApp();
  await app.replaceSource(`resource "aws_db_instance" "db" {
  engine                      = "postgres"
  storage_encrypted           = true
  manage_master_user_password = true
  deletion_protection         = true
}
`);
  assert.equal(await app.controlStatus('OPS009'), 'pass');
  await app.reanalysed(() => app.prompt.fill('Create a PostgreSQL database. No resource should have deletion protection enabled.'));
  const requirement = page.locator('[data-testid=requirement][data-key=deletion_protection]');
  assert.equal(await requirement.getByTestId('requirement-value').inputValue(), 'forbidden');
  assert.equal(await requirement.locator('blockquote').innerText(), 'No resource should have deletion protection enabled.');
  assert.equal(await app.controlStatus('OPS009'), 'fail');
  assert.match(await page.getByTestId('report-requirements').innerText(), /deletion_protection = forbidden/);
  await app.reanalysed(() => requirement.getByTestId('requirement-remove').click());
  assert.equal(await app.controlStatus('OPS009'), 'pass');
  await app.reanalysed(() => requirement.getByTestId('requirement-restore').click());
  assert.equal(await app.controlStatus('OPS009'), 'fail');
  await app.reanalysed(async () => {
    await requirement.getByTestId('requirement-value').fill('any');
    await requirement.getByTestId('requirement-value').press('Enter');
  });
  assert.equal(await app.controlStatus('OPS009'), 'pass');
  assertClean(log);
});

test('requirement overrides apply and malformed ones are reported', async () => {
  const { page, log, app } = await openApp();
  await app.loadSample('prompt');
  await app.reanalysed(() => app.overrides.fill('deletion_protection=any\nnot_a_key=1'));
  assert.equal(await app.controlStatus('OPS009'), 'pass');
  assert.match(await page.getByTestId('option-errors').innerText(), /not_a_key/);
  assertClean(log);
});

test('comparison mode lists regressions first', async () => {
  const { page, log, app } = await openApp();
  await app.loadSample('comparison');
  const comparison = page.getByTestId('comparison');
  await comparison.waitFor();
  assert.match(await page.getByTestId('comparison-summary').innerText(), /Candidate .*reference .*\d+ regressions/);
  const impacts = () => comparison.getByTestId('comparison-row').evaluateAll((rows) => rows.map((r) => r.dataset.impact));
  const regressions = await impacts();
  assert.ok(regressions.length > 5, 'regressions listed');
  assert.ok(regressions.every((i) => i === 'regression'), 'only regressions by default');
  await comparison.locator('input[type=checkbox]').check();
  const all = await impacts();
  assert.ok(all.length > regressions.length, 'every difference listed');
  assert.deepEqual(all.slice(0, regressions.length), regressions, 'regressions come first');
  assert.ok(all.slice(regressions.length).every((i) => i !== 'regression'));
  await comparison.scrollIntoViewIfNeeded();
  // The reference has its own tabs.
  await page.getByTestId('side-reference').click();
  assert.equal((await app.tabNames()).length, 7);
  await page.getByTestId('side-candidate').click();
  assert.deepEqual(await app.tabNames(), ['main.tf']);
  await page.screenshot({ path: join(SCREENSHOTS, 'comparison.png') });
  assertClean(log);
});

test('the controls table filters by category, severity and status', async () => {
  const { page, log, app } = await openApp();
  await app.loadSample('weak');
  await app.showAllControls();
  const all = await page.getByTestId('control-row').count();
  await page.getByTestId('filter-category').selectOption('IAM');
  const ids = Object.keys(await app.controlStatuses());
  assert.ok(ids.length > 0 && ids.every((id) => id.startsWith('IAM')), ids.join());
  await page.getByTestId('filter-severity').selectOption('critical');
  await page.getByTestId('filter-status').selectOption('fail');
  const rows = await page.getByTestId('control-row').evaluateAll((r) => r.map((x) => [x.dataset.id, x.dataset.status]));
  assert.ok(rows.length > 0 && rows.every(([id, s]) => id.startsWith('IAM') && s === 'fail'), JSON.stringify(rows));
  assert.ok(rows.length < all);
  assertClean(log);
});

test("a control's documentation opens in a dialog and closes on Escape", async () => {
  const { page, log, app } = await openApp();
  await app.showAllControls();
  await page.locator('[data-testid=control-row][data-id=ENC001] [data-testid=control-doc]').click();
  const dialog = page.getByTestId('docs-dialog');
  await dialog.waitFor({ state: 'visible' });
  assert.match(await dialog.locator('h2').innerText(), /^ENC001 kms-key-rotation$/);
  assert.ok((await page.getByTestId('docs-rationale').innerText()).length > 40);
  assert.match(await page.getByTestId('docs-remediation').innerText(), /enable_key_rotation/);
  await page.screenshot({ path: join(SCREENSHOTS, 'docs-dialog.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assertClean(log);
});
