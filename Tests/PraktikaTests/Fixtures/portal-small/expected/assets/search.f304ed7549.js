/* Praktika search: the query side of the static search index (/search/index/), no dependencies.
 * The text rules (words, stop words, Snowball Russian stemmer, shard hash) mirror
 * Sources/PraktikaText/SearchText.swift and RussianStemmer.swift; Tests/js/search.test.mjs checks both
 * against Tests/PraktikaTests/Fixtures/search/vectors.json. */
(function (global) {
  'use strict';

  var STOP = new Set(['и', 'в', 'во', 'не', 'что', 'на', 'с', 'со', 'как', 'а', 'то', 'все', 'так', 'но', 'да',
    'к', 'у', 'же', 'за', 'бы', 'по', 'ее', 'от', 'из', 'о', 'об', 'до', 'для', 'при', 'или', 'ни', 'ли', 'это',
    'этот', 'эта', 'эти', 'его', 'их', 'она', 'они', 'он', 'мы', 'вы', 'также', 'который', 'которые', 'которая',
    'которых']);

  // A lowercase letter or digit of a word, or null for a separator.
  function fold(c) {
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || (c >= 0x430 && c <= 0x44F)) return c;
    if ((c >= 0x41 && c <= 0x5A) || (c >= 0x410 && c <= 0x42F)) return c + 0x20;
    if (c === 0x401 || c === 0x451) return 0x435;
    return null;
  }

  // Words with their positions in the text: [{word, start, end}] (end exclusive, UTF-16 offsets).
  function wordSpans(text) {
    var spans = [];
    var current = '';
    var start = 0;
    for (var i = 0; i < text.length; i++) {
      var f = fold(text.charCodeAt(i));
      if (f !== null) {
        if (current === '') start = i;
        current += String.fromCharCode(f);
      } else if (current !== '') {
        spans.push({ word: current, start: start, end: i });
        current = '';
      }
    }
    if (current !== '') spans.push({ word: current, start: start, end: text.length });
    return spans;
  }

  function words(text) { return wordSpans(text).map(function (s) { return s.word; }); }

  function isTerm(word) { return word.length >= 2 && !STOP.has(word); }

  function terms(text) { return words(text).filter(isTerm).map(stem); }

  // FNV-1a (32 bit) of the UTF-8 bytes, modulo count.
  function shard(term, count) {
    var bytes = new TextEncoder().encode(term);
    var hash = 0x811C9DC5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % Math.max(1, count);
  }

  // ---- Snowball Russian stemmer (russian.sbl) ----
  var VOWELS = 'аеиоуыэюя';
  function byLength(list) { return list.slice().sort(function (a, b) { return b.length - a.length; }); }
  var GERUND1 = byLength(['в', 'вши', 'вшись']);
  var GERUND2 = byLength(['ив', 'ивши', 'ившись', 'ыв', 'ывши', 'ывшись']);
  var ADJECTIVE = byLength(['ее', 'ие', 'ые', 'ое', 'ими', 'ыми', 'ей', 'ий', 'ый', 'ой', 'ем', 'им', 'ым', 'ом',
    'его', 'ого', 'ему', 'ому', 'их', 'ых', 'ую', 'юю', 'ая', 'яя', 'ою', 'ею']);
  var PARTICIPLE1 = byLength(['ем', 'нн', 'вш', 'ющ', 'щ']);
  var PARTICIPLE2 = byLength(['ивш', 'ывш', 'ующ']);
  var REFLEXIVE = byLength(['ся', 'сь']);
  var VERB1 = byLength(['ла', 'на', 'ете', 'йте', 'ли', 'й', 'л', 'ем', 'н', 'ло', 'но', 'ет', 'ют', 'ны', 'ть',
    'ешь', 'нно']);
  var VERB2 = byLength(['ила', 'ыла', 'ена', 'ейте', 'уйте', 'ите', 'или', 'ыли', 'ей', 'уй', 'ил', 'ыл', 'им',
    'ым', 'ен', 'ило', 'ыло', 'ено', 'ят', 'ует', 'уют', 'ит', 'ыт', 'ены', 'ить', 'ыть', 'ишь', 'ую', 'ю']);
  var NOUN = byLength(['а', 'ев', 'ов', 'ие', 'ье', 'е', 'иями', 'ями', 'ами', 'еи', 'ии', 'и', 'ией', 'ей', 'ой',
    'ий', 'й', 'иям', 'ям', 'ием', 'ем', 'ам', 'ом', 'о', 'у', 'ах', 'иях', 'ях', 'ы', 'ь', 'ию', 'ью', 'ю', 'ия',
    'ья', 'я']);
  var DERIVATIONAL = byLength(['ост', 'ость']);
  var SUPERLATIVE = byLength(['ейш', 'ейше']);

  function regions(s) {
    var end = s.length, i = 0;
    function goPast(vowel) {
      while (i < end) {
        var isVowel = VOWELS.indexOf(s[i]) >= 0;
        i++;
        if (isVowel === vowel) return true;
      }
      return false;
    }
    if (!goPast(true)) return [end, end];
    var rv = i;
    if (!(goPast(false) && goPast(true) && goPast(false))) return [rv, end];
    return [rv, i];
  }

  function longest(s, rv, list) {
    for (var k = 0; k < list.length; k++) {
      var e = list[k];
      if (e.length <= s.length - rv && s.slice(s.length - e.length) === e) return e;
    }
    return null;
  }

  // Returns the shortened word, or null when nothing was removed.
  function grouped(s, rv, group1, group2) {
    var first = longest(s, rv, group1), second = longest(s, rv, group2);
    if (second !== null && second.length >= (first === null ? 0 : first.length)) return s.slice(0, s.length - second.length);
    if (first === null) return null;
    var before = s.length - first.length - 1;
    if (before < rv || (s[before] !== 'а' && s[before] !== 'я')) return null;
    return s.slice(0, s.length - first.length);
  }

  function remove(s, rv, list) {
    var e = longest(s, rv, list);
    return e === null ? null : s.slice(0, s.length - e.length);
  }

  function stem(word) {
    var s = word.replace(/ё/g, 'е');
    var r = regions(s), rv = r[0], r2 = r[1];
    if (rv >= s.length) return s;
    var t = grouped(s, rv, GERUND1, GERUND2);
    if (t !== null) {
      s = t;
    } else {
      t = remove(s, rv, REFLEXIVE);
      if (t !== null) s = t;
      t = remove(s, rv, ADJECTIVE);
      if (t !== null) {
        s = t;
        t = grouped(s, rv, PARTICIPLE1, PARTICIPLE2);
        if (t !== null) s = t;
      } else {
        t = grouped(s, rv, VERB1, VERB2);
        if (t === null) t = remove(s, rv, NOUN);
        if (t !== null) s = t;
      }
    }
    if (s.length > rv && s[s.length - 1] === 'и') s = s.slice(0, -1);
    var d = longest(s, rv, DERIVATIONAL);
    if (d !== null && s.length - d.length >= r2) s = s.slice(0, s.length - d.length);
    var sup = longest(s, rv, SUPERLATIVE);
    if (sup !== null) {
      s = s.slice(0, s.length - sup.length);
      if (s.length - 2 >= rv && s.slice(-2) === 'нн') s = s.slice(0, -1);
    } else if (s.length - 2 >= rv && s.slice(-2) === 'нн') {
      s = s.slice(0, -1);
    } else if (s.length > rv && s[s.length - 1] === 'ь') {
      s = s.slice(0, -1);
    }
    return s;
  }

  // «1 материал, 3 материала, 5 материалов»
  function plural(n, one, few, many) {
    var m10 = n % 10, m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return one;
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
    return many;
  }

  // ---- The search page ----
  function Index(base) {
    this.base = base;
    this.cache = {};
  }
  Index.prototype.json = function (name) {
    if (!this.cache[name]) {
      this.cache[name] = fetch(this.base + name).then(function (r) {
        if (!r.ok) throw new Error(name + ': ' + r.status);
        return r.json();
      });
    }
    return this.cache[name];
  };
  // Resolves to {total, results: [{doc, score}]} for the documents that have every term.
  Index.prototype.search = function (query, limit) {
    var self = this;
    var wanted = Array.from(new Set(terms(query)));
    if (wanted.length === 0) return Promise.resolve({ total: 0, results: [], terms: wanted });
    return this.json('meta.json').then(function (meta) {
      return Promise.all(wanted.map(function (t) {
        return self.json('t-' + shard(t, meta.shards) + '.json').then(function (postings) {
          var list = Object.prototype.hasOwnProperty.call(postings, t) ? postings[t] : [];
          var map = new Map();
          for (var i = 0, doc = 0; i < list.length; i += 2) { doc += list[i]; map.set(doc, list[i + 1]); }
          return map;
        });
      })).then(function (maps) {
        maps.sort(function (a, b) { return a.size - b.size; });
        var scores = [];
        maps[0].forEach(function (w, doc) {
          var score = 0;
          for (var k = 0; k < maps.length; k++) {
            var wk = maps[k].get(doc);
            if (wk === undefined) return;
            score += wk * Math.log(1 + meta.docs / maps[k].size);
          }
          scores.push({ doc: doc, score: score });
        });
        scores.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        var top = scores.slice(0, limit);
        var chunks = Array.from(new Set(top.map(function (r) { return Math.floor(r.doc / meta.chunk); })));
        return Promise.all(chunks.map(function (c) { return self.json('docs-' + c + '.json'); })).then(function (loaded) {
          var byChunk = {};
          chunks.forEach(function (c, i) { byChunk[c] = loaded[i]; });
          return {
            total: scores.length, terms: wanted,
            results: top.map(function (r) {
              return { score: r.score, doc: byChunk[Math.floor(r.doc / meta.chunk)][r.doc % meta.chunk] };
            })
          };
        });
      });
    });
  };

  // Appends text to node with every word whose stem is wanted inside <mark>.
  function highlight(node, text, wanted) {
    var at = 0;
    wordSpans(text).forEach(function (span) {
      if (!isTerm(span.word) || wanted.indexOf(stem(span.word)) < 0) return;
      node.appendChild(document.createTextNode(text.slice(at, span.start)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(span.start, span.end);
      node.appendChild(mark);
      at = span.end;
    });
    node.appendChild(document.createTextNode(text.slice(at)));
  }

  function snippet(text, wanted, size) {
    if (text.length <= size) return text;
    var spans = wordSpans(text);
    for (var i = 0; i < spans.length; i++) {
      if (isTerm(spans[i].word) && wanted.indexOf(stem(spans[i].word)) >= 0) {
        var start = Math.max(0, spans[i].start - 60);
        var cut = text.slice(start, start + size);
        return (start > 0 ? '…' : '') + cut + (start + size < text.length ? '…' : '');
      }
    }
    return text.slice(0, size) + '…';
  }

  function render(root, status, result, started) {
    root.textContent = '';
    var n = result.total;
    status.textContent = n === 0
      ? 'Ничего не найдено. Проверьте написание или попробуйте другие слова.'
      : 'Найдено: ' + n + ' ' + plural(n, 'материал', 'материала', 'материалов')
        + (n > result.results.length ? ', показаны первые ' + result.results.length : '') + '.';
    result.results.forEach(function (r) {
      var d = r.doc; // [url, title, kind, region, text]
      var li = document.createElement('li');
      li.className = 'card search-result';
      var h = document.createElement('h2');
      h.className = 'card-title';
      var a = document.createElement('a');
      a.href = d[0];
      highlight(a, d[1], result.terms);
      h.appendChild(a);
      li.appendChild(h);
      var meta = document.createElement('p');
      meta.className = 'card-meta';
      meta.textContent = d[2] + (d[3] ? ' · ' + d[3] : '');
      li.appendChild(meta);
      if (d[4]) {
        var p = document.createElement('p');
        p.className = 'card-text';
        highlight(p, snippet(d[4], result.terms, 240), result.terms);
        li.appendChild(p);
      }
      root.appendChild(li);
    });
    root.setAttribute('data-ms', String(Math.round(performance.now() - started)));
  }

  function start() {
    var form = document.getElementById('search-form');
    if (!form) return;
    var input = form.querySelector('input[name=q]');
    var root = document.getElementById('search-results');
    var status = document.getElementById('search-status');
    var index = new Index(form.getAttribute('data-index'));
    var runs = 0;
    function run(query, push) {
      var started = performance.now();
      var id = ++runs;
      if (push) {
        var url = new URL(location.href);
        if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
        history.replaceState(null, '', url);
      }
      if (!query.trim()) { root.textContent = ''; status.textContent = ''; return; }
      status.textContent = 'Ищем…';
      index.search(query, 30).then(function (result) {
        if (id === runs) render(root, status, result, started);
      }, function (error) {
        status.textContent = 'Не удалось загрузить поисковый индекс (' + error.message + ').';
      });
    }
    form.addEventListener('submit', function (event) { event.preventDefault(); run(input.value, true); });
    var timer = 0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value, true); }, 200);
    });
    var initial = new URLSearchParams(location.search).get('q') || '';
    form.hidden = false;
    input.value = initial;
    if (initial) run(initial, false);
  }

  global.PraktikaSearch = { words: words, terms: terms, stem: stem, shard: shard, plural: plural, Index: Index };
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
