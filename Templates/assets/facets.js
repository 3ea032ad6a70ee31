/* Praktika facets: filters /practices/ by district, region, nomination, award, topic, forum, year and status
 * from practices/facets.json. OR within a facet, AND across facets; each value shows how many practices it
 * would give with the other filters kept; the state lives in the URL query (?region=…&topic=…) so a filtered
 * view can be shared. Without JavaScript the static, paginated list stays. */
(function () {
  'use strict';
  var root = document.getElementById('facets');
  if (!root) return;
  var form = document.getElementById('facet-form');
  var status = document.getElementById('facet-status');
  var results = document.getElementById('facet-results');
  var staticList = document.getElementById('static-list');
  var SHOWN = 100;

  function plural(n, one, few, many) {
    var m10 = n % 10, m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return one;
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
    return many;
  }

  fetch(root.getAttribute('data-src')).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(start, function () { /* the static list stays */ });

  function start(data) {
    var facets = data.facets, items = data.items;
    // selected[f] = Set of value indexes
    var selected = facets.map(function () { return new Set(); });
    var params = new URLSearchParams(location.search);
    facets.forEach(function (facet, f) {
      params.getAll(facet.key).forEach(function (key) {
        var i = facet.values.findIndex(function (v) { return v[0] === key; });
        if (i >= 0) selected[f].add(i);
      });
    });

    function matches(item, except) {
      for (var f = 0; f < facets.length; f++) {
        if (f === except || selected[f].size === 0) continue;
        var values = item[4][f], ok = false;
        for (var k = 0; k < values.length; k++) if (selected[f].has(values[k])) { ok = true; break; }
        if (!ok) return false;
      }
      return true;
    }

    var boxes = [];
    facets.forEach(function (facet, f) {
      var details = document.createElement('details');
      details.className = 'facet';
      if (selected[f].size > 0) details.open = true;
      var summary = document.createElement('summary');
      summary.textContent = facet.title;
      details.appendChild(summary);
      var fieldset = document.createElement('fieldset');
      var legend = document.createElement('legend');
      legend.className = 'visually-hidden';
      legend.textContent = facet.title;
      fieldset.appendChild(legend);
      boxes[f] = facet.values.map(function (value, v) {
        var label = document.createElement('label');
        var box = document.createElement('input');
        box.type = 'checkbox';
        box.name = facet.key;
        box.value = value[0];
        box.checked = selected[f].has(v);
        box.addEventListener('change', function () {
          if (box.checked) selected[f].add(v); else selected[f].delete(v);
          update(true);
        });
        var text = document.createElement('span');
        var count = document.createElement('span');
        count.className = 'muted';
        label.appendChild(box);
        label.appendChild(text);
        text.textContent = ' ' + value[1] + ' ';
        label.appendChild(count);
        fieldset.appendChild(label);
        return { box: box, label: label, count: count };
      });
      details.appendChild(fieldset);
      form.appendChild(details);
    });
    var reset = document.createElement('button');
    reset.type = 'button';
    reset.className = 'facet-reset';
    reset.textContent = 'Сбросить фильтры';
    reset.addEventListener('click', function () {
      selected.forEach(function (s) { s.clear(); });
      boxes.forEach(function (list) { list.forEach(function (b) { b.box.checked = false; }); });
      update(true);
    });
    form.appendChild(reset);

    function update(push) {
      // Counts: for each facet, items matching the other facets, per value.
      facets.forEach(function (facet, f) {
        var counts = new Array(facet.values.length).fill(0);
        items.forEach(function (item) {
          if (!matches(item, f)) return;
          item[4][f].forEach(function (v) { counts[v]++; });
        });
        boxes[f].forEach(function (b, v) {
          b.count.textContent = '(' + counts[v] + ')';
          b.label.hidden = counts[v] === 0 && !b.box.checked;
        });
      });
      var active = selected.some(function (s) { return s.size > 0; });
      if (push) {
        var query = new URLSearchParams();
        facets.forEach(function (facet, f) {
          Array.from(selected[f]).sort(function (a, b) { return a - b; })
            .forEach(function (v) { query.append(facet.key, facet.values[v][0]); });
        });
        var q = query.toString();
        history.replaceState(null, '', location.pathname + (q ? '?' + q : ''));
      }
      results.textContent = '';
      results.hidden = !active;
      staticList.hidden = active;
      if (!active) { status.textContent = ''; return; }
      var found = items.filter(function (item) { return matches(item, -1); });
      status.textContent = 'Найдено: ' + found.length + ' ' + plural(found.length, 'практика', 'практики', 'практик')
        + (found.length > SHOWN ? ', показаны первые ' + SHOWN : '') + '.';
      found.slice(0, SHOWN).forEach(function (item) {
        var li = document.createElement('li');
        li.className = 'card practice-card';
        var h = document.createElement('h3');
        h.className = 'card-title';
        var a = document.createElement('a');
        a.href = item[1];
        a.textContent = item[0];
        h.appendChild(a);
        var meta = document.createElement('p');
        meta.className = 'card-meta';
        meta.textContent = item[2];
        li.appendChild(h);
        li.appendChild(meta);
        if (item[3]) {
          var p = document.createElement('p');
          p.className = 'card-text';
          p.textContent = item[3];
          li.appendChild(p);
        }
        results.appendChild(li);
      });
    }
    root.hidden = false;
    update(false);
  }
})();
