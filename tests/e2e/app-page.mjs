// Page object for the tfgrade page: the tests speak in its terms, not in selectors.
export class AppPage {
  constructor(page, origin) {
    this.page = page;
    this.origin = origin;
    this.editor = page.getByTestId('editor');
    this.fileName = page.getByTestId('file-name');
    this.status = page.getByTestId('status');
    this.parseErrors = page.getByTestId('parse-errors').locator('li');
    this.countRows = page.getByTestId('resource-counts').locator('tbody tr');
  }

  async open() {
    await this.page.goto(this.origin + '/');
    // The wasm module is loaded when the first analysis is on screen.
    await this.status.waitFor({ state: 'visible', timeout: 30_000 });
  }

  async replaceSource(text) {
    await this.editor.fill(text);
  }

  async resourceCounts() {
    const rows = await this.countRows.all();
    const counts = {};
    for (const row of rows) {
      const cells = await row.locator('td').allInnerTexts();
      counts[cells[0]] = Number(cells[1]);
    }
    return counts;
  }
}
