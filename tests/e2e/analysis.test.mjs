// Analysis in the page: the code editor and its marks, paste, parse
// errors, tabs, Markdown answers, the gallery, profiles, prompts and
// comparison mode.
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
  await app.editor.evaluate((e) => e.blur());
  await location.click();
  await page.waitForFunction(() => document.querySelector('[data-testid=code-host]').editor.cursorLine() === 3);
  assert.ok(await app.editorFocused(), 'the cursor is in the editor');
  const line = await page.evaluate(() => {
    const root = document.querySelector('[data-testid=code-host]').shadowRoot;
    return root.querySelector('.cm-activeLine').textContent;
  });
  assert.match(line, /publicly_accessible = true/);
  assertClean(log);
});

test('a parse error names file, line and column and opens the source there', async () => {
  const { page, log, app } = await openApp();
  await app.fileName.fill('network.tf');
  await app.replaceSource('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n  enable_dns = = true\n}\n');
  const error = app.parseErrors.first();
  assert.match(await error.innerText(), /^network\.tf:3:\d+ /);
  assert.match(await app.status.innerText(), /1 file with parse errors/);
  // The error is marked in the editor: an error mark on line 3 with a gutter marker.
  await app.waitForMarks();
  const marked = await page.evaluate(() => {
    const root = document.querySelector('[data-testid=code-host]').shadowRoot;
    return { marks: [...root.querySelectorAll('.cm-lintRange-error')].map((m) => m.closest('.cm-line')?.textContent),
      gutter: root.querySelectorAll('.cm-lint-marker-error').length };
  });
  assert.ok(marked.marks.some((l) => /enable_dns = = true/.test(l)), JSON.stringify(marked));
  assert.ok(marked.gutter >= 1);
  await error.getByRole('button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=code-host]').editor.cursorLine() === 3);
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
  assert.match(await app.editorText(), /aws_kms_key/);
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
  await page.waitForFunction(() => document.querySelector('[data-testid=code-host]').editor.cursorLine() === 7);
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

test('the editor highlights Terraform, numbers lines, matches brackets, searches and indents with Tab', async () => {
  const { page, log, app } = await openApp();
  await app.replaceSource('# storage\nresource "aws_s3_bucket" "logs" {\n  bucket = "logs-${var.env}"\n  count  = 2\n}\n');
  const root = (fn) => page.evaluate(fn);
  const colours = await root(() => {
    const r = document.querySelector('[data-testid=code-host]').shadowRoot;
    const colour = (text) => {
      const span = [...r.querySelectorAll('.cm-line span')].find((s) => s.textContent === text);
      return span ? getComputedStyle(span).color : null;
    };
    return { keyword: colour('resource'), string: colour('"aws_s3_bucket"'), number: colour('2'),
      comment: colour('# storage'), plain: getComputedStyle(r.querySelector('.cm-content')).color };
  });
  for (const [kind, colour] of Object.entries(colours)) {
    assert.ok(colour, `${kind} is a highlighted token`);
    if (kind !== 'plain') assert.notEqual(colour, colours.plain, `${kind} has its own colour`);
  }
  assert.equal(await root(() => document.querySelector('[data-testid=code-host]').shadowRoot.querySelectorAll('.cm-lineNumbers .cm-gutterElement').length > 5), true);
  // Bracket matching: the cursor after the opening brace marks both braces.
  await page.evaluate(() => document.querySelector('[data-testid=code-host]').editor.reveal(2, 33));
  await page.waitForFunction(() => document.querySelector('[data-testid=code-host]').shadowRoot.querySelectorAll('.cm-matchingBracket').length === 2);
  // Tab indents (and does not leave the editor).
  await page.evaluate(() => document.querySelector('[data-testid=code-host]').editor.reveal(4, 1));
  await app.reanalysed(() => page.keyboard.press('Tab'));
  assert.match(await app.editorText(), /\n {4}count {2}= 2\n/);
  assert.ok(await app.editorFocused());
  // Search: Ctrl-F opens the panel and finds the text.
  await page.keyboard.press('Control+f');
  const search = page.locator('.cm-search input[name=search]');
  await search.waitFor();
  await search.fill('bucket');
  await search.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=code-host]').shadowRoot.querySelectorAll('.cm-searchMatch').length >= 2);
  await page.screenshot({ path: join(SCREENSHOTS, 'editor.png') });
  assertClean(log);
});

test('findings are marked in the editor with a hover naming control, severity and docs', async () => {
  const { page, log, app } = await openApp();
  await app.replaceSource('resource "aws_kms_key" "k" {\n  description         = "key"\n  enable_key_rotation = false\n}\n');
  await app.waitForMarks();
  const mark = page.locator('.cm-lintRange-error').filter({ hasText: 'false' }).first();
  await mark.hover();
  const tooltip = page.getByTestId('mark-tooltip').filter({ hasText: 'ENC001' }).first();
  await tooltip.waitFor();
  const text = await tooltip.innerText();
  assert.match(text, /ENC001 · fail/);
  assert.match(text, /high|medium|low|critical/i);
  await page.screenshot({ path: join(SCREENSHOTS, 'editor-hover.png') });
  await tooltip.getByTestId('mark-docs').click();
  const dialog = page.getByTestId('docs-dialog');
  await dialog.waitFor({ state: 'visible' });
  assert.match(await dialog.locator('h2').innerText(), /^ENC001 /);
  // The gutter marker of that line.
  assert.ok(await page.locator('.cm-lint-marker-error').count() >= 1);
  assertClean(log);
});

test('an empty input says there is nothing to grade', async () => {
  const { page, log, app } = await openApp();
  await app.editor.fill('   \n');
  await page.getByTestId('nothing-to-grade').waitFor();
  assert.equal(await page.getByTestId('summary').isVisible(), false);
  assert.equal(await page.getByTestId('actions').isVisible(), false);
  assertClean(log);
});

test('the report says first whether the input would deploy, then what it graded against', async () => {
  const { page, log, app } = await openApp();
  await app.replaceSource('resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n');
  assert.equal(await page.getByTestId('validity').getAttribute('data-status'), 'valid');
  assert.match(await page.getByTestId('basis').innerText(), /account-wide controls shown as advice/);
  assert.equal(await app.controlStatus('CMP001'), 'advice');
  assert.equal(await app.controlStatus('ENC001'), 'pass');
  await app.replaceSource('resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n');
  assert.equal(await page.getByTestId('validity').getAttribute('data-status'), 'broken');
  assert.equal((await app.summary()).grade, 'F');
  assert.match(await page.getByTestId('grade-cap').innerText(), /broken/);
  assertClean(log);
});
