// Terraform / HCL highlighting as a CodeMirror stream language: comments,
// strings with `${…}` interpolation, heredocs, numbers, block types,
// attribute names and operators. It only colours; tfgrade's parser judges.
import { StreamLanguage } from '@codemirror/language';

const BLOCKS = new Set(['resource', 'data', 'variable', 'output', 'locals', 'module', 'provider',
  'terraform', 'moved', 'import', 'check', 'removed', 'run', 'backend', 'required_providers',
  'dynamic', 'content', 'lifecycle', 'provisioner', 'connection']);
const ATOMS = new Set(['true', 'false', 'null']);
const KEYWORDS = new Set(['for', 'in', 'if', 'else', 'endif', 'endfor']);

function startState() {
  return { stack: [], heredoc: null, lineStart: true };
}

function copyState(s) {
  return { stack: s.stack.slice(), heredoc: s.heredoc && { ...s.heredoc }, lineStart: s.lineStart };
}

// Inside a string: stops before `${`, at the closing quote, or at the line end.
function stringBody(stream, state) {
  while (!stream.eol()) {
    if (stream.match('${', false) || stream.match('%{', false)) return 'string';
    const ch = stream.next();
    if (ch === '\\') stream.next();
    else if (ch === '"') { state.stack.pop(); return 'string'; }
  }
  return 'string';
}

function token(stream, state) {
  if (stream.sol()) state.lineStart = true;
  const top = state.stack[state.stack.length - 1];
  if (state.heredoc) {
    if (stream.sol() && stream.match(new RegExp(`^\\s*${state.heredoc.tag}\\s*$`))) {
      state.heredoc = null;
      return 'keyword';
    }
    if (stream.match('${', false) || stream.match('%{', false)) {
      stream.next(); stream.next();
      state.stack.push('interp');
      return 'punctuation';
    }
    while (!stream.eol() && !stream.match('${', false) && !stream.match('%{', false)) stream.next();
    return 'string';
  }
  if (top === 'string') {
    if (stream.match('${') || stream.match('%{')) { state.stack.push('interp'); return 'punctuation'; }
    return stringBody(stream, state);
  }
  if (top === 'comment') {
    if (stream.skipTo('*/')) { stream.match('*/'); state.stack.pop(); } else stream.skipToEnd();
    return 'comment';
  }
  if (stream.eatSpace()) return null;
  const first = state.lineStart;
  state.lineStart = false;
  if (stream.match('#') || stream.match('//')) { stream.skipToEnd(); return 'comment'; }
  if (stream.match('/*')) { state.stack.push('comment'); return 'comment'; }
  if (stream.eat('"')) { state.stack.push('string'); return stringBody(stream, state); }
  const heredoc = stream.match(/^<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$/);
  if (heredoc) { state.heredoc = { tag: heredoc[1] }; return 'keyword'; }
  if (stream.match(/^\d+(\.\d+)?([eE][+-]?\d+)?/)) return 'number';
  if (stream.eat('{')) { state.stack.push('brace'); return 'brace'; }
  if (stream.eat('}')) {
    const popped = state.stack.pop();
    return popped === 'interp' ? 'punctuation' : 'brace';
  }
  if (stream.match(/^[[\]()]/)) return 'squareBracket';
  const word = stream.match(/^[A-Za-z_][A-Za-z0-9_-]*/);
  if (word) {
    const w = word[0];
    if (ATOMS.has(w)) return 'atom';
    if (KEYWORDS.has(w) && top === 'interp') return 'keyword';
    if (stream.match(/^\s*=(?!=)/, false)) return 'propertyName';
    if (first && BLOCKS.has(w)) return 'keyword';
    if (first && stream.match(/^\s*("|\{)/, false)) return 'typeName';
    if (stream.match(/^\s*\(/, false)) return 'function';
    return 'variableName';
  }
  if (stream.match(/^(==|!=|<=|>=|&&|\|\||=>|\.\.\.|[-+*/%<>!?:=.,])/)) return 'operator';
  stream.next();
  return null;
}

export const hcl = StreamLanguage.define({
  name: 'hcl',
  startState,
  copyState,
  token,
  languageData: { commentTokens: { line: '#', block: { open: '/*', close: '*/' } }, closeBrackets: { brackets: ['(', '[', '{', '"'] } },
});
