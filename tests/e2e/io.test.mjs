// Getting files in and reports out: drop, pickers, downloads, clipboard,
// share links, embed mode, the JS API and a large input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSession, SCREENSHOTS, PHONE } from './browser.mjs';
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

const BUCKET = 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n';
const KEY = 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n';

test('dropped files replace the candidate files', async () => {
  const { page, log, app } = await openApp();
  await app.reanalysed(() => page.evaluate(([a, b]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([a], 's3.tf'));
    transfer.items.add(new File([b], 'kms.tf'));
    const zone = document.querySelector('[data-testid=drop-zone]');
    zone.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, [BUCKET, KEY]));
  assert.deepEqual(await app.tabNames(), ['kms.tf', 's3.tf']);
  assert.equal(await app.controlStatus('ENC001'), 'pass');
  assert.match(await page.getByTestId('notice').innerText(), /Read 2 files into Candidate/);
  assertClean(log);
});

test('a dropped folder keeps relative paths and skips .terraform', async () => {
  const { page, log, app } = await openApp();
  // A drop of a folder, as Chromium delivers it: items whose entries are
  // directories (FileSystemDirectoryEntry), read in batches.
  await app.reanalysed(() => page.evaluate(([bucket, key]) => {
    const file = (path, text) => ({
      isFile: true, isDirectory: false, name: path.split('/').pop(), fullPath: '/' + path,
      file: (ok) => ok(new File([text], path.split('/').pop())),
    });
    const dir = (path, children) => ({
      isFile: false, isDirectory: true, name: path.split('/').pop(), fullPath: '/' + path,
      createReader() {
        let done = false;
        return { readEntries: (ok) => { const batch = done ? [] : children; done = true; ok(batch); } };
      },
    });
    const root = dir('stack', [
      file('stack/main.tf', bucket),
      file('stack/README.txt', 'not terraform'),
      dir('stack/modules', [dir('stack/modules/kms', [file('stack/modules/kms/main.tf', key)])]),
      dir('stack/.terraform', [file('stack/.terraform/cached.tf', 'junk {')]),
    ]);
    const item = { kind: 'file', type: '', webkitGetAsEntry: () => root, getAsFile: () => null };
    const transfer = { items: Object.assign([item], { length: 1 }), files: [], types: ['Files'], dropEffect: 'copy' };
    const event = new DragEvent('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', { value: transfer });
    document.querySelector('[data-testid=drop-zone]').dispatchEvent(event);
  }, [BUCKET, KEY]));
  assert.deepEqual(await app.tabNames(), ['stack/main.tf', 'stack/modules/kms/main.tf']);
  assert.match(await page.getByTestId('notice').innerText(), /Read 2 files into Candidate; skipped 1 file/);
  assert.equal(await app.controlStatus('ENC001'), 'pass');
  assertClean(log);
});

test('the file and folder pickers open files with their relative paths', async () => {
  const { page, log, app } = await openApp();
  const dir = await mkdtemp(join(tmpdir(), 'tfgrade-e2e-'));
  await writeFile(join(dir, 'a.tf'), BUCKET);
  await writeFile(join(dir, 'b.tf'), KEY);
  await app.reanalysed(() => page.getByTestId('file-input').setInputFiles([join(dir, 'a.tf'), join(dir, 'b.tf')]));
  assert.deepEqual(await app.tabNames(), ['a.tf', 'b.tf']);
  await mkdir(join(dir, 'proj', 'net'), { recursive: true });
  await writeFile(join(dir, 'proj', 'main.tf'), BUCKET);
  await writeFile(join(dir, 'proj', 'net', 'vpc.tf'), 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n');
  await app.reanalysed(() => page.getByTestId('folder-input').setInputFiles(join(dir, 'proj')));
  assert.deepEqual(await app.tabNames(), ['proj/main.tf', 'proj/net/vpc.tf']);
  assertClean(log);
});

test('downloads carry the report as Markdown, JSON and SARIF', async () => {
  const { page, log, app } = await openApp();
  await app.loadSample('weak');
  const grab = async (id) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  };
  const json = await grab('download-json');
  assert.equal(json.name, 'tfgrade-report.json');
  const report = JSON.parse(json.text);
  assert.equal(report.schema_version, 1);
  assert.equal(report.tool.name, 'tfgrade');
  assert.equal(report.profile, 'task');
  assert.equal(report.controls.find((c) => c.id === 'SEC003').status, 'fail');
  assert.equal(report.categories.length, 8);
  assert.equal(`${report.total.percent.toFixed(1)}%`, await page.getByTestId('percent').innerText());

  const sarif = await grab('download-sarif');
  assert.equal(sarif.name, 'tfgrade-report.sarif');
  const log2 = JSON.parse(sarif.text);
  assert.equal(log2.version, '2.1.0');
  assert.equal(log2.runs[0].tool.driver.name, 'tfgrade');
  assert.ok(log2.runs[0].results.some((r) => r.ruleId === 'SEC003'));

  const md = await grab('download-md');
  assert.equal(md.name, 'tfgrade-report.md');
  assert.match(md.text, /SEC003/);
  assert.match(md.text, new RegExp(report.total.grade.replace(/[+]/g, '\\+')));
  assertClean(log);
});

test('Copy Markdown puts the report on the clipboard', async () => {
  const { page, log, app, context } = await openApp();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.origin });
  await page.getByTestId('copy-md').click();
  await page.getByTestId('notice').filter({ hasText: 'copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /ENC|SEC|CMP/);
  assert.ok(copied.length > 200);
  assertClean(log);
});

test('a share link carries the inputs in the fragment and restores them', async () => {
  const { page, log, app } = await openApp();
  await app.loadSample('prompt');
  await app.reanalysed(() => app.profile.selectOption('strict'));
  await app.reanalysed(() => app.page.getByTestId('add-file').click());
  await app.fileName.fill('extra | <b>.tf');
  await app.replaceSource(KEY);
  const before = { summary: await app.summary(), tabs: await app.tabNames() };
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#s=[A-Za-z0-9_-]+$/);
  const second = await session.newPage();
  const other = new AppPage(second.page, session.origin);
  await second.page.goto(link);
  await other.waitForAnalysis(0);
  assert.deepEqual(await other.tabNames(), before.tabs);
  assert.equal(await other.profile.inputValue(), 'strict');
  assert.match(await other.prompt.inputValue(), /deletion protection/);
  assert.deepEqual(await other.summary(), before.summary);
  assertClean(log);
  assertClean(second.log);
});

test('embed mode shows only the editor and the report of the shared snippet', async () => {
  const { page, log, app } = await openApp();
  await app.replaceSource(KEY);
  await page.getByTestId('share').click();
  const fragment = new URL(await page.getByTestId('share-link').inputValue()).hash;
  const embed = await session.newPage({ viewport: { width: 900, height: 640 } });
  const view = new AppPage(embed.page, session.origin);
  await view.open(`/?embed${fragment}`);
  await embed.page.getByTestId('embed').waitFor();
  assert.equal(await embed.page.getByTestId('gallery').count(), 0);
  assert.equal(await embed.page.getByTestId('profile').count(), 0);
  assert.equal(await embed.page.getByTestId('download-json').count(), 0);
  assert.match(await view.editorText(), /enable_key_rotation = true/);
  assert.equal(await embed.page.locator('h1').count(), 1, 'the embedded page has a heading');
  assert.equal(await view.controlStatus('ENC001'), 'pass');
  await embed.page.screenshot({ path: join(SCREENSHOTS, 'embed.png') });
  assertClean(log);
  assertClean(embed.log);
});

test('the JS API analyses files given as an object, through the worker', async () => {
  const { page, log } = await openApp();
  const result = await page.evaluate(async ([bucket]) => {
    const report = await window.tfgrade.analyze({ 'main.tf': bucket }, { profile: 'module' });
    const markdown = await window.tfgrade.analyze({ 'main.tf': bucket }, { format: 'markdown' });
    const failure = async (call) => { try { await call(); return null; } catch (e) { return `${e.name}: ${e.message}`; } };
    return { profile: report.profile, controls: report.controls.length, files: report.files.map((f) => f.path),
      s3: report.controls.find((c) => c.id === 'OPS010').status, markdown: typeof markdown,
      badProfile: await failure(() => window.tfgrade.analyze({ 'main.tf': bucket }, { profile: 'nope' })),
      unknownOption: await failure(() => window.tfgrade.analyze({ 'main.tf': bucket }, { profle: 'module' })),
      noArgs: await failure(() => window.tfgrade.analyze()),
      array: await failure(() => window.tfgrade.analyze(['main.tf'])),
      number: await failure(() => window.tfgrade.analyze({ 'main.tf': 42 })),
      optionType: await failure(() => window.tfgrade.analyze({ 'main.tf': bucket }, { profile: 3 })),
      format: await failure(() => window.tfgrade.analyze({ 'main.tf': bucket }, { format: 'html' })),
      promise: window.tfgrade.analyze({ 'main.tf': bucket }) instanceof Promise,
      exported: typeof window.wasmBindings.analyze, version: window.tfgrade.version };
  }, [BUCKET]);
  assert.equal(result.profile, 'module');
  assert.deepEqual(result.files, ['main.tf']);
  assert.ok(result.controls > 50);
  assert.equal(result.s3, 'fail');
  assert.equal(result.markdown, 'string');
  assert.match(result.badProfile, /^Error: .*nope/);
  assert.match(result.unknownOption, /^Error: .*profle/);
  assert.match(result.noArgs, /^TypeError: .*files is required/);
  assert.match(result.array, /^TypeError: .*files must be an object .* not an array/);
  assert.match(result.number, /^TypeError: .*files\["main\.tf"\] must be a string, not a number/);
  assert.match(result.optionType, /^TypeError: .*options\.profile must be a string/);
  assert.match(result.format, /^Error: .*unknown format `html`/);
  assert.equal(result.promise, true);
  assert.equal(result.exported, 'function');
  assert.equal(result.version, '0.1.0');
  assertClean(log);
});

test('a 10 MB paste is analysed off the main thread with progress shown', async () => {
  const { page, log, app } = await openApp();
  // 10 MB in ~500 instances, each with a 20 KB user_data script.
  const text = await page.evaluate(() => {
    const block = (i) => 'resource "aws_instance" "i' + i + '" {\n  ami = "ami-0123456789abcdef0"\n  user_data = <<-EOT\n'
      + ('    echo "configuring host ' + i + ': ' + 'x'.repeat(60) + '"\n').repeat(256) + '  EOT\n}\n\n';
    let text = '';
    for (let i = 0; text.length < 10 * 1024 * 1024; i++) text += block(i);
    return text;
  });
  await page.evaluate(() => {
    window.longestTask = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longestTask = Math.max(window.longestTask, e.duration);
    }).observe({ type: 'longtask' });
  });
  const before = await app.analysisId();
  await app.editor.fill('');
  await app.paste(text);
  // Progress: the status line names what is being analysed while the report waits.
  await page.getByTestId('status').filter({ hasText: /Analysing 1 file \(10\.\d MB\)/ }).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'analysing.png') });
  // While the worker analyses, the page keeps answering: typing in another
  // field works and shows up before the analysis is done.
  await app.prompt.fill('Typing while the analysis runs');
  assert.equal(await app.prompt.inputValue(), 'Typing while the analysis runs');
  await app.waitForAnalysis(before, 120_000);
  assert.match(await app.status.innerText(), /1 file analysed/);
  assert.equal((await app.editorText()).length, text.length);
  const longest = await page.evaluate(() => window.longestTask);
  assert.ok(longest < 1000, `the main thread was blocked for ${longest} ms at once`);
  assertClean(log);
});

test('a damaged share link says so', async () => {
  const { page, log, app } = await openApp();
  await app.replaceSource(KEY);
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const cut = link.slice(0, link.length - 12);
  const second = await session.newPage();
  await second.page.goto(cut);
  await second.page.getByTestId('notice').filter({ hasText: 'share link is damaged' }).waitFor();
  assertClean(log);
  assertClean(second.log);
});

test('the share link follows the content', async () => {
  const { page, log, app } = await openApp();
  await app.replaceSource(KEY);
  await page.getByTestId('share').click();
  const first = await page.getByTestId('share-link').inputValue();
  await app.replaceSource(BUCKET);
  await page.waitForFunction((first) => {
    const now = document.querySelector('[data-testid=share-link]').value;
    return now !== first && location.href === now;
  }, first);
  const link = await page.getByTestId('share-link').inputValue();
  const second = await session.newPage();
  const other = new AppPage(second.page, session.origin);
  await second.page.goto(link);
  await other.waitForAnalysis(0);
  assert.match(await other.editorText(), /aws_s3_bucket/);
  assertClean(log);
  assertClean(second.log);
});
