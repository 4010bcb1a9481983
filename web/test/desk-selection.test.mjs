// Unit tests of the desk's text spans (static/desk/selection.js): what the editor selects or
// types becomes UTF-8 byte offsets of the stored text, the API's offsets, whatever the script.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, spanOf, findSpan, charAt } from '../static/desk/selection.js';

const TEXT = 'Мэр Харкова said: shelling hit Kharkiv\novernight. Kharkiv Oblast too.';

test('a span is trimmed of white space and counted in UTF-8 bytes', () => {
  const a = TEXT.indexOf(' Харкова');
  const s = spanOf(TEXT, a, a + ' Харкова '.length);
  assert.equal(s.quote, 'Харкова');
  assert.equal(s.start, bytes('Мэр '));
  assert.equal(s.end - s.start, 14, 'seven Cyrillic letters, two bytes each');
  assert.equal(Buffer.from(TEXT).subarray(s.start, s.end).toString(), 'Харкова');
  assert.equal(spanOf(TEXT, 5, 5), null);
});

test('typed words find the text across its line breaks, the next hit after the last', () => {
  const s = findSpan(TEXT, 'hit Kharkiv overnight');
  assert.equal(s.quote, 'hit Kharkiv\novernight', 'the quote is the text, line break and all');
  assert.equal(Buffer.from(TEXT).subarray(s.start, s.end).toString(), s.quote);
  const first = findSpan(TEXT, 'kharkiv');
  const second = findSpan(TEXT, 'kharkiv', first.end);
  assert.ok(second.start > first.start);
  assert.equal(findSpan(TEXT, 'kharkiv', second.end).start, first.start, 'wraps around');
  assert.equal(findSpan(TEXT, 'Ganja'), null);
  assert.equal(findSpan(TEXT, 'a.b(c'), null, 'typed text is not a pattern');
});

test('byte offsets map back to string offsets', () => {
  const s = findSpan(TEXT, 'Oblast');
  assert.equal(TEXT.slice(charAt(TEXT, s.start), charAt(TEXT, s.end)), 'Oblast');
});
