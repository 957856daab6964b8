// The page's code editor: CodeMirror 6 with Terraform highlighting, line
// numbers, bracket matching, search, tab indentation, and tfgrade's findings
// and parse errors as lint marks (underline, gutter marker, hover).
//
// The leptos page drives it through `window.tfgradeEditor` (see
// web/src/code_editor.rs). Each file is its own EditorState, so undo history
// and scroll position stay with the file. The editor lives in a shadow root:
// CodeMirror's styles are then constructed stylesheets (CSSOM), which the
// page's Content-Security-Policy (style-src 'self') allows, where a <style>
// element would be refused.
import { EditorState, EditorSelection } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting, HighlightStyle } from '@codemirror/language';
import { search, searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { tags } from '@lezer/highlight';
import { hcl } from './hcl.js';
import { renderCodeSpans } from './text.js';

const CHANGE_DELAY_MS = 120;

const highlight = HighlightStyle.define([
  { tag: tags.comment, color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: tags.string, color: 'var(--syntax-string)' },
  { tag: [tags.number, tags.atom, tags.bool], color: 'var(--syntax-number)' },
  { tag: tags.keyword, color: 'var(--syntax-keyword)', fontWeight: '600' },
  { tag: tags.typeName, color: 'var(--syntax-type)' },
  { tag: tags.propertyName, color: 'var(--syntax-property)' },
  { tag: tags.function(tags.variableName), color: 'var(--syntax-function)' },
  { tag: [tags.brace, tags.squareBracket, tags.punctuation], color: 'var(--syntax-punctuation)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--text)', backgroundColor: 'var(--code-bg)', fontSize: '0.85rem' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-2px' },
  '.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--text)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--hit)', outline: '1px solid var(--accent)' },
  '.cm-searchMatch': { backgroundColor: 'var(--hit)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--text)' },
  '.cm-panels input, .cm-panels button': { color: 'var(--text)', backgroundColor: 'var(--bg)', fontSize: '0.85rem' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)', maxWidth: '32rem' },
  '.cm-diagnostic': { padding: '0.35rem 0.6rem' },
  '.tf-diag-head': { display: 'flex', gap: '0.4rem', alignItems: 'baseline', fontSize: '0.78rem', color: 'var(--muted)' },
  '.tf-diag-sev': { textTransform: 'uppercase', fontWeight: '700', letterSpacing: '0.04em' },
  '.tf-diag-msg': { margin: '0.2rem 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  '.tf-diag-msg code': { backgroundColor: 'var(--code-bg)', padding: '0 0.2rem', borderRadius: '3px' },
  '.tf-diag-docs': { font: 'inherit', fontSize: '0.8rem', color: 'var(--accent)', background: 'none', border: 'none', padding: '0', textDecoration: 'underline', cursor: 'pointer' },
  '.cm-lintRange-info': { backgroundImage: 'none', textDecoration: 'underline dotted var(--muted)' },
});

function baseExtensions(onDocChanged) {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    indentUnit.of('  '),
    EditorState.tabSize.of(2),
    hcl,
    syntaxHighlighting(highlight),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    search({ top: true }),
    lintGutter(),
    keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
    // tabindex: the scrolling box holds a focusable element for every checker.
    EditorView.contentAttributes.of({ 'aria-label': 'Terraform source', 'data-testid': 'editor', tabindex: '0' }),
    theme,
    EditorView.updateListener.of((update) => { if (update.docChanged) onDocChanged(); }),
  ];
}

/** Offset in `line` (a CodeMirror Line) of `column` counted in Unicode scalar values (1-based). */
function offsetOfColumn(line, column) {
  let offset = 0;
  let remaining = Math.max(0, (column | 0) - 1);
  const text = line.text;
  while (remaining > 0 && offset < text.length) {
    const code = text.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    remaining -= 1;
  }
  return line.from + Math.min(offset, text.length);
}

function positionOf(doc, line, column) {
  const number = Math.min(Math.max(1, line | 0), doc.lines);
  const l = doc.line(number);
  return { line: l, from: offsetOfColumn(l, column || 1) };
}

const CM_SEVERITY = { error: 'error', warning: 'warning', info: 'info' };

/**
 * A mark from the page: `{ line, column, level: 'error'|'warning'|'info',
 * status, control, severity, message }` (control and severity empty for a
 * parse error).
 */
function toDiagnostic(doc, mark, openDocs) {
  const { line, from } = positionOf(doc, mark.line, mark.column);
  const end = line.from + line.text.trimEnd().length;
  const to = Math.max(from, end);
  return {
    from,
    to,
    severity: CM_SEVERITY[mark.level] ?? 'info',
    source: mark.control || 'parse',
    message: mark.message,
    renderMessage() {
      const box = document.createElement('div');
      box.className = 'tf-diag';
      box.dataset.testid = 'mark-tooltip';
      const head = box.appendChild(document.createElement('div'));
      head.className = 'tf-diag-head';
      const sev = head.appendChild(document.createElement('span'));
      sev.className = 'tf-diag-sev';
      sev.textContent = mark.severity || mark.level;
      const what = head.appendChild(document.createElement('span'));
      what.textContent = mark.control ? `${mark.control} · ${mark.status}` : mark.status;
      const msg = box.appendChild(document.createElement('div'));
      msg.className = 'tf-diag-msg';
      renderCodeSpans(msg, mark.message);
      if (mark.control) {
        const docs = box.appendChild(document.createElement('button'));
        docs.type = 'button';
        docs.className = 'tf-diag-docs';
        docs.dataset.testid = 'mark-docs';
        docs.textContent = `Documentation for ${mark.control}`;
        docs.addEventListener('click', () => openDocs(mark.control));
      }
      return box;
    },
  };
}

class CodeEditor {
  constructor(host, callbacks) {
    this.callbacks = callbacks;
    this.states = new Map();
    this.marks = new Map();
    this.key = null;
    this.timer = null;
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const mount = document.createElement('div');
    mount.className = 'tf-editor';
    root.append(mount);
    // The host's size is the editor's size (the shadow root has no page CSS).
    const fill = new CSSStyleSheet();
    fill.replaceSync(':host { display: block; } .tf-editor { height: 100%; }');
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, fill];
    this.extensions = baseExtensions(() => this.changed());
    this.view = new EditorView({ parent: mount, root, state: this.fresh('') });
    // Reachable from the page for tests and embedding pages' scripts.
    host.editor = this;
  }

  fresh(text) {
    return EditorState.create({ doc: text, extensions: this.extensions });
  }

  changed() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), CHANGE_DELAY_MS);
  }

  /** Sends a pending change to the page now. */
  flush() {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
    if (this.key !== null) this.callbacks.onChange(this.key, this.view.state.doc.toString());
  }

  /** Shows file `key`; `text` is used only the first time the key is seen. */
  show(key, text) {
    if (key === this.key) return;
    this.flush();
    if (this.key !== null) this.states.set(this.key, this.view.state);
    this.key = key;
    const state = this.states.get(key) ?? this.fresh(text);
    this.view.setState(state);
    this.applyMarks();
  }

  /** The text of `key` (the shown file by default). */
  text(key = this.key) {
    if (key === this.key) return this.view.state.doc.toString();
    return this.states.get(key)?.doc.toString() ?? '';
  }

  /** Replaces the text of the shown file as one undoable change. */
  replace(text) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    this.flush();
    this.changed();
    this.flush();
  }

  setMarks(key, marks) {
    this.marks.set(key, marks);
    if (key === this.key) this.applyMarks();
  }

  applyMarks() {
    const marks = this.marks.get(this.key) ?? [];
    const doc = this.view.state.doc;
    const diagnostics = marks.map((m) => toDiagnostic(doc, m, this.callbacks.onOpenDocs));
    diagnostics.sort((a, b) => a.from - b.from);
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
    this.view.contentDOM.dataset.marks = String(diagnostics.length);
  }

  /** Puts the cursor at `line`:`column`, scrolls it to the middle and focuses the editor. */
  reveal(line, column) {
    const { from } = positionOf(this.view.state.doc, line, column);
    this.view.dispatch({
      selection: EditorSelection.cursor(from),
      effects: EditorView.scrollIntoView(from, { y: 'center' }),
    });
    this.view.focus();
  }

  /** Forgets the files whose keys are not in `keep`. */
  retain(keep) {
    const wanted = new Set(keep);
    for (const key of [...this.states.keys()]) if (!wanted.has(key)) this.states.delete(key);
    for (const key of [...this.marks.keys()]) if (!wanted.has(key)) this.marks.delete(key);
  }

  focus() {
    this.view.focus();
  }

  /** Whether an edit is waiting to be sent to the page. */
  pending() {
    return this.timer !== null;
  }

  /** 1-based line of the cursor, for tests and the status line. */
  cursorLine() {
    return this.view.state.doc.lineAt(this.view.state.selection.main.head).number;
  }
}

export function create(host, callbacks) {
  return new CodeEditor(host, callbacks);
}
