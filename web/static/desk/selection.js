// Spans of the source's text chosen in the page: a mouse (or touch) selection inside the
// text pane, or words typed into "select words" (the keyboard's way), as UTF-8 byte offsets
// of the stored text, the API's offsets. The quote is always the text's own bytes.

const utf8 = new TextEncoder();

/** UTF-8 byte length of `s`. */
export function bytes(s) {
  return utf8.encode(s).length;
}

/** The UTF-16 offset in `container`'s text of (node, offset). */
function charOffset(container, node, offset) {
  const r = document.createRange();
  r.selectNodeContents(container);
  r.setEnd(node, offset);
  return r.toString().length;
}

/**
 * The selection inside `container` as {start, end} (bytes of `text`) and its `quote`, or
 * null when nothing (or something outside) is selected. Leading and trailing white space is
 * left out of the span.
 */
export function selectedSpan(container, text) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  const a = charOffset(container, range.startContainer, range.startOffset);
  const b = charOffset(container, range.endContainer, range.endOffset);
  return spanOf(text, a, b);
}

/** The span of UTF-16 offsets [a, b) of `text`, trimmed of white space, in bytes. */
export function spanOf(text, a, b) {
  if (b < a) [a, b] = [b, a];
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  if (b <= a) return null;
  return { start: bytes(text.slice(0, a)), end: bytes(text.slice(0, b)), quote: text.slice(a, b) };
}

/**
 * The first place at or after byte `fromByte` where `words` occur in `text` (white space
 * matching any run of white space, so a line break in the text matches a space typed), as a
 * span; null when they do not occur.
 */
export function findSpan(text, words, fromByte = 0) {
  const parts = words.trim().split(/\s+/).filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!parts.length) return null;
  const re = new RegExp(parts.join('[\\s\\u00ad-]+'), 'giu');
  const fromChar = fromByte ? charAt(text, fromByte) : 0;
  re.lastIndex = fromChar;
  const m = re.exec(text) || (fromChar ? (re.lastIndex = 0, re.exec(text)) : null);
  return m ? spanOf(text, m.index, m.index + m[0].length) : null;
}

/** Selects (highlights) the UTF-16 range [a, b) of `container`'s text in the page. */
export function selectChars(container, a, b) {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  let pos = 0, startNode = null, startOff = 0, endNode = null, endOff = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = n.nodeValue.length;
    if (!startNode && a <= pos + len) { startNode = n; startOff = a - pos; }
    if (b <= pos + len) { endNode = n; endOff = b - pos; break; }
    pos += len;
  }
  if (!startNode || !endNode) return;
  const r = document.createRange();
  r.setStart(startNode, startOff);
  r.setEnd(endNode, endOff);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(r);
  startNode.parentElement.scrollIntoView({ block: 'nearest' });
}

/** The UTF-16 offset of byte `b` of `text`. */
export function charAt(text, b) {
  return new TextDecoder().decode(utf8.encode(text).slice(0, b)).length;
}
