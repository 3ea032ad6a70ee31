// The query side of search (Templates/assets/search.js) against the vectors the Swift side is checked
// against too. Run: node --test Tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';

const root = new URL('../../', import.meta.url);
const context = { TextEncoder };
context.globalThis = context;
runInNewContext(readFileSync(new URL('Templates/assets/search.js', root), 'utf8'), context);
const search = context.PraktikaSearch;
const vectors = JSON.parse(readFileSync(new URL('Tests/PraktikaTests/Fixtures/search/vectors.json', root), 'utf8'));

test('stems match the reference Snowball stemmer', () => {
  assert.ok(vectors.stems.length > 1000);
  const wrong = vectors.stems.filter(([word, stem]) => search.stem(word) !== stem)
    .map(([word, stem]) => `${word}: ${search.stem(word)} ≠ ${stem}`);
  assert.deepEqual(wrong, []);
});

test('texts become the same terms', () => {
  for (const [text, expected] of vectors.terms) assert.deepEqual([...search.terms(text)], expected, text);
});

test('shards agree', () => {
  for (const [term, count, expected] of vectors.shards) assert.equal(search.shard(term, count), expected, term);
});

test('case and ё fold', () => {
  assert.deepEqual([...search.words('ЁЛКА и Ёж, её')], ['елка', 'и', 'еж', 'ее']);
  assert.equal(search.stem('ёлками'), search.stem('елками'));
});

test('Russian plural forms', () => {
  const forms = [1, 2, 5, 11, 21, 22, 25, 111, 112].map((n) => search.plural(n, 'материал', 'материала', 'материалов'));
  assert.deepEqual(forms, ['материал', 'материала', 'материалов', 'материалов', 'материал', 'материала',
    'материалов', 'материалов', 'материала'].map((x, i) => (i === 8 ? 'материалов' : x)));
});
