// Page object for the tfgrade page: the tests speak in its terms, not in selectors.
import assert from 'node:assert/strict';

export class AppPage {
  constructor(page, origin) {
    this.page = page;
    this.origin = origin;
    this.editor = page.getByTestId('editor');
    this.fileName = page.getByTestId('file-name');
    this.status = page.getByTestId('status');
    this.parseErrors = page.getByTestId('parse-errors').locator('li');
    this.tabs = page.getByTestId('tabs').getByRole('tab');
    this.body = page.getByTestId('report-body');
    this.profile = page.getByTestId('profile');
    this.prompt = page.getByTestId('prompt');
    this.overrides = page.getByTestId('overrides');
    this.sourceView = page.getByTestId('source-view');
  }

  async open(path = '/') {
    await this.page.goto(this.origin + path);
    await this.waitForAnalysis(0);
  }

  /** The id of the analysis on screen (0 before the first one). */
  async analysisId() {
    return Number(await this.body.getAttribute('data-analysis'));
  }

  /** Waits for an analysis newer than `after` with nothing pending. */
  async waitForAnalysis(after, timeout = 30_000) {
    await this.page.waitForFunction((after) => {
      const body = document.querySelector('[data-testid=report-body]');
      return body && Number(body.dataset.analysis) > after && body.dataset.pending === 'false';
    }, after, { timeout });
  }

  /** Runs `action` and waits for the analysis it causes. */
  async reanalysed(action, timeout) {
    const before = await this.analysisId();
    await action();
    await this.waitForAnalysis(before, timeout);
  }

  async replaceSource(text) {
    await this.reanalysed(() => this.editor.fill(text));
  }

  async loadSample(id) {
    await this.page.getByTestId('gallery').evaluate((d) => { d.open = true; });
    await this.reanalysed(() => this.page.getByTestId(`sample-${id}`).click());
  }

  async showAllControls() {
    await this.page.getByTestId('filter-status').selectOption('');
  }

  /** `{ id: status }` of the rows shown in the controls table. */
  async controlStatuses() {
    return this.page.getByTestId('control-row').evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [r.dataset.id, r.dataset.status])));
  }

  async controlStatus(id) {
    await this.showAllControls();
    return (await this.controlStatuses())[id];
  }

  async summary() {
    const text = async (id) => (await this.page.getByTestId(id).innerText()).trim();
    return {
      points: await text('points'),
      percent: parseFloat(await text('percent')),
      grade: await text('grade'),
      training: await text('training-value'),
    };
  }

  async tabNames() {
    return this.tabs.allInnerTexts();
  }
}

export function assertClean(log, { allowConsole = [] } = {}) {
  assert.deepEqual(log.foreignRequests, [], 'requests to origins other than the local server');
  assert.deepEqual(log.pageErrors, [], 'uncaught errors in the page');
  const errors = log.consoleErrors.filter((e) => !allowConsole.some((re) => re.test(e)));
  assert.deepEqual(errors, [], 'console errors');
}
