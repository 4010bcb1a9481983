// DOM helpers: every piece of data reaches the page through textContent or attributes set
// here, never through innerHTML.

/**
 * Creates an element. `attrs` keys: `class`, `text` (textContent), `on*` (event listeners,
 * e.g. `onclick`), anything else is set with setAttribute (skipped when null/false).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** True for absolute http(s) URLs: the only external URLs that become links. */
export function isHttpUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An external link (new tab, noopener) when `url` is http(s), else plain text. */
export function extLink(url, text) {
  if (!isHttpUrl(url)) return document.createTextNode(text ?? url ?? '');
  return el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, text ?? url);
}

/** Replaces the children of `node`. */
export function setChildren(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** Calls `fn` once `ms` ms have passed without another call. */
export function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/** Formats a number with thousands separators (en-GB). */
export function fmt(n) {
  return Number(n).toLocaleString('en-GB');
}
