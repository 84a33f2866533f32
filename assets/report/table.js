/*
 * nad report, part 3 of 4: the connection table (virtual scrolling: only the rows in sight
 * exist in the page, so 100,000 rows scroll as fast as 100), its filters and sorting, and the
 * export of the filtered rows as CSV or JSON.
 */
(function (R) {
  'use strict';

  const ROW_H = 24;
  const COLS = [
    ['t', 'Start (UTC)', (i) => R.iso(R.micros(i)).slice(0, 26)],
    ['src', 'Source', (i) => R.src(i)],
    ['sport', 'Port', (i) => R.data.cols.sport[i]],
    ['dst', 'Destination', (i) => R.dst(i)],
    ['dport', 'Port', (i) => R.data.cols.dport[i]],
    ['proto', 'Proto', (i) => R.pstr(i, 0)],
    ['service', 'Service', (i) => R.pstr(i, 1)],
    ['flag', 'Flag', (i) => R.pstr(i, 2)],
    ['label', 'Class', (i) => R.pstr(i, 3)],
    ['category', 'Category', (i) => R.pstr(i, 4)],
    ['score', 'Score', (i) => R.score[i].toFixed(4)],
    ['bytes', 'Bytes', (i) => R.fmtInt(R.bytes[i])],
  ];

  /** The controls, the table and its virtual rows. */
  R.table = function (root) {
    const sec = R.el('section', 'card');
    sec.id = 'connections';
    sec.appendChild(R.el('h2', null, 'Connections'));
    const bar = R.el('div', 'controls');
    const text = R.el('input');
    text.id = 'filter';
    text.type = 'search';
    text.placeholder = 'Filter: address, port, service, class, Community ID…';
    const cat = R.el('select');
    cat.id = 'category';
    const any = R.el('option', null, 'every category');
    any.value = '';
    cat.appendChild(any);
    const cats = [];
    for (let i = 0; i < R.n; i++) if (cats.indexOf(R.pstr(i, 4)) < 0) cats.push(R.pstr(i, 4));
    for (const c of cats.sort()) {
      const o = R.el('option', null, c);
      o.value = c;
      cat.appendChild(o);
    }
    const onlyLabel = R.el('label', null, ' anomalies only');
    const only = R.el('input');
    only.type = 'checkbox';
    only.id = 'anomalies-only';
    onlyLabel.prepend(only);
    const count = R.el('span', 'count');
    count.id = 'row-count';
    const csv = R.el('button', null, 'Export CSV');
    csv.id = 'export-csv';
    const json = R.el('button', null, 'Export JSON');
    json.id = 'export-json';
    for (const e of [text, cat, onlyLabel, count, csv, json]) bar.appendChild(e);
    sec.appendChild(bar);

    const head = R.el('div', 'tr thead');
    for (const [id, name] of COLS) {
      const th = R.el('div', 'td c-' + id, name);
      th.dataset.key = id;
      th.addEventListener('click', () => {
        const s = R.state;
        s.sortDir = s.sortKey === id ? -s.sortDir : id === 'score' || id === 'bytes' ? -1 : 1;
        s.sortKey = id;
        R.changed();
      });
      head.appendChild(th);
    }
    sec.appendChild(head);
    const viewport = R.el('div', 'viewport');
    viewport.id = 'table-viewport';
    const spacer = R.el('div', 'spacer');
    const rows = R.el('div', 'rows');
    rows.id = 'rows';
    spacer.appendChild(rows);
    viewport.appendChild(spacer);
    sec.appendChild(viewport);
    root.appendChild(sec);

    let timer = 0;
    text.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        R.state.text = text.value;
        R.changed();
      }, 120);
    });
    cat.addEventListener('change', () => {
      R.state.category = cat.value;
      R.changed();
    });
    only.addEventListener('change', () => {
      R.state.anomaliesOnly = only.checked;
      R.changed();
    });
    csv.addEventListener('click', () => download('nad-rows.csv', 'text/csv', toCsv(R.view)));
    json.addEventListener('click', () =>
      download('nad-rows.json', 'application/json', JSON.stringify(R.view.map(record), null, 1)),
    );

    const paint = () => {
      const view = R.view;
      const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_H) - 5);
      const last = Math.min(
        view.length,
        first + Math.ceil((viewport.clientHeight || 480) / ROW_H) + 10,
      );
      rows.replaceChildren();
      for (let k = first; k < last; k++) {
        const i = view[k];
        const tr = R.el(
          'div',
          'tr' + (R.anomaly[i] ? ' anomaly' : '') + (i === R.selected ? ' selected' : ''),
        );
        tr.style.top = k * ROW_H + 'px';
        tr.dataset.row = String(i);
        for (const [id, , get] of COLS) tr.appendChild(R.el('div', 'td c-' + id, get(i)));
        rows.appendChild(tr);
      }
    };
    viewport.addEventListener('scroll', () => requestAnimationFrame(paint));
    rows.addEventListener('click', (ev) => {
      const tr = ev.target.closest('.tr');
      if (!tr) return;
      R.select(Number(tr.dataset.row));
      paint();
    });
    R.listeners.push((view) => {
      count.textContent = R.fmtInt(view.length) + ' of ' + R.fmtInt(R.n) + ' rows';
      count.dataset.count = String(view.length);
      spacer.style.height = view.length * ROW_H + 'px';
      for (const th of head.children)
        th.dataset.sort =
          th.dataset.key === R.state.sortKey ? (R.state.sortDir > 0 ? 'asc' : 'desc') : '';
      paint();
    });
  };

  /** Row `i` as a record of `nad scan --format ndjson` (its fields, in the same order). */
  function record(i) {
    const d = R.data;
    const p = d.profiles[d.cols.profile[i]];
    const features = {};
    d.featureNames.forEach((name, k) => {
      const v = p[R.F + k];
      features[name] = k >= 1 && k <= 3 ? d.dict[v] : v;
    });
    const r = {
      file: R.file(i),
      startTime: R.iso(R.micros(i)),
      startMicros: R.micros(i),
      srcAddr: R.src(i),
      srcPort: d.cols.sport[i],
      dstAddr: R.dst(i),
      dstPort: d.cols.dport[i],
      communityId: d.cols.cid[i],
      protocol: R.pstr(i, 0),
      service: R.pstr(i, 1),
      flag: R.pstr(i, 2),
      durationSec: p[R.F],
      srcBytes: p[R.F + 4],
      dstBytes: p[R.F + 5],
      attackLabel: R.pstr(i, 3),
      category: R.pstr(i, 11),
      score: p[7],
      why: R.pstr(i, 5),
    };
    if (p[9] !== null) {
      r.novelty = p[9];
      r.noveltyWhy = R.pstr(i, 10);
      r.verdict = R.pstr(i, 6);
    }
    r.features = features;
    return r;
  }
  R.record = record;

  /** A CSV cell, neutralised against spreadsheet formulas as nad scan's CSV is. */
  function cell(v) {
    if (typeof v === 'number') return String(v);
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function toCsv(view) {
    const names = R.data.featureNames;
    const head = ['file', 'start_time', 'src_addr', 'src_port', 'dst_addr', 'dst_port'].concat(
      names,
      ['attack_label', 'category', 'score', 'why', 'community_id'],
    );
    const lines = [head.join(',')];
    for (const i of view) {
      const r = record(i);
      const cells = [r.file, r.startTime, r.srcAddr, r.srcPort, r.dstAddr, r.dstPort].concat(
        names.map((n) => r.features[n]),
        [r.attackLabel, r.category, r.score, r.why, r.communityId],
      );
      lines.push(cells.map(cell).join(','));
    }
    return lines.join('\n') + '\n';
  }

  function download(name, type, text) {
    const a = R.el('a');
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
})((window.NadReport = window.NadReport || {}));
