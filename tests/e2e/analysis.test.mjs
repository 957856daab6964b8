import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSession, SCREENSHOTS } from './browser.mjs';
import { AppPage } from './app-page.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

function assertNothingLeft(log) {
  assert.deepEqual(log.foreignRequests, [], 'requests to origins other than the local server');
  assert.deepEqual(log.pageErrors, [], 'uncaught errors in the page');
  assert.deepEqual(log.consoleErrors, [], 'console errors');
}

test('the page opens with the sample analysed', async () => {
  const { page, log } = await session.newPage({ viewport: { width: 1280, height: 900 } });
  const app = new AppPage(page, session.origin);
  await app.open();
  assert.equal(await app.status.innerText(), '1 file parsed, 4 resources');
  assert.deepEqual(await app.resourceCounts(), {
    aws_kms_key: 1,
    aws_s3_bucket: 1,
    aws_s3_bucket_public_access_block: 1,
    aws_security_group: 1,
  });
  await page.screenshot({ path: join(SCREENSHOTS, 'sample.png'), fullPage: true });
  assertNothingLeft(log);
});

test('pasted Terraform is analysed by the wasm core', async () => {
  const { page, log } = await session.newPage({ viewport: { width: 1280, height: 900 } });
  const app = new AppPage(page, session.origin);
  await app.open();
  await app.replaceSource(`
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" { vpc_id = aws_vpc.main.id }
resource "aws_subnet" "b" { vpc_id = aws_vpc.main.id }
resource "aws_subnet" "c" { vpc_id = aws_vpc.main.id }
data "aws_caller_identity" "current" {}
`);
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === '1 file parsed, 4 resources'
    && document.querySelectorAll('[data-testid=resource-counts] tbody tr').length === 2);
  assert.deepEqual(await app.resourceCounts(), { aws_subnet: 3, aws_vpc: 1 });
  assert.equal(await app.parseErrors.count(), 0);
  assertNothingLeft(log);
});

test('a parse error names file, line and column', async () => {
  const { page, log } = await session.newPage({ viewport: { width: 1280, height: 900 } });
  const app = new AppPage(page, session.origin);
  await app.open();
  await app.fileName.fill('network.tf');
  await app.replaceSource('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n  enable_dns = = true\n}\n');
  await app.parseErrors.first().waitFor();
  const error = await app.parseErrors.first().innerText();
  assert.match(error, /^network\.tf:3:\d+ /);
  assert.equal(await app.status.innerText(), '1 file with parse errors');
  await page.screenshot({ path: join(SCREENSHOTS, 'parse-error.png'), fullPage: true });
  assertNothingLeft(log);
});

test('the page is usable at phone width', async () => {
  const { page, log } = await session.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const app = new AppPage(page, session.origin);
  await app.open();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: join(SCREENSHOTS, 'phone.png'), fullPage: true });
  assertNothingLeft(log);
});
