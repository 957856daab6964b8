// Message text with `code spans` as <code> elements; everything else stays
// text (nothing from a report is ever parsed as HTML).
export function renderCodeSpans(parent, message) {
  const parts = String(message).split('`');
  if (parts.length % 2 === 0) {
    parent.append(document.createTextNode(String(message)));
    return;
  }
  parts.forEach((part, i) => {
    if (i % 2 === 1) parent.appendChild(document.createElement('code')).textContent = part;
    else if (part) parent.append(document.createTextNode(part));
  });
}
