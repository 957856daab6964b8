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
    this.host = page.getByTestId('code-host');
  }

  /** The text of the file shown in the code editor. */
  async editorText() {
    return this.host.evaluate((h) => h.editor.text());
  }

  /** 1-based line of the editor's cursor. */
  async cursorLine() {
    return this.host.evaluate((h) => h.editor.cursorLine());
  }

  /** Whether keyboard focus is in the code editor. */
  async editorFocused() {
    return this.page.evaluate(() => {
      const host = document.querySelector('[data-testid=code-host]');
      return document.activeElement === host && host.shadowRoot.activeElement?.classList.contains('cm-content');
    });
  }

  /** Waits until the editor shows `count` marks (or any when omitted). */
  async waitForMarks(count) {
    await this.page.waitForFunction((count) => {
      const content = document.querySelector('[data-testid=code-host]')?.shadowRoot?.querySelector('.cm-content');
      const n = Number(content?.dataset.marks ?? 0);
      return count === undefined ? n > 0 : n === count;
    }, count);
  }

  /** Pastes `text` into the editor as a user's paste does (a clipboard event). */
  async paste(text) {
    await this.editor.focus();
    await this.page.evaluate((text) => {
      const content = document.querySelector('[data-testid=code-host]').shadowRoot.querySelector('.cm-content');
      const data = new DataTransfer();
      data.setData('text/plain', text);
      content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  async open(path = '/') {
    await this.page.goto(this.origin + path);
    await this.waitForAnalysis(0);
  }

  /** The id of the analysis on screen (0 before the first one). */
  async analysisId() {
    return Number(await this.body.getAttribute('data-analysis'));
  }

  /** Waits for an analysis newer than `after` of the current inputs (no
   * edit waiting in the editor, none pending). */
  async waitForAnalysis(after, timeout = 30_000) {
    await this.page.waitForFunction((after) => {
      const body = document.querySelector('[data-testid=report-body]');
      const editor = document.querySelector('[data-testid=code-host]')?.editor;
      return body && editor && !editor.pending() && Number(body.dataset.analysis) > after
        && body.dataset.pending === 'false' && body.dataset.revision === body.dataset.analysedRevision;
    }, after, { timeout, polling: 50 });
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

  /** Waits for the status line to leave "Loading the analyser…" and for a first report. */
  async waitForEngine() {
    await this.page.waitForFunction(() => document.querySelector('[data-testid=status]')?.dataset.engine !== 'loading');
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
