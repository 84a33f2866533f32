/*
 * nad report, part 2 of 4: the header, the timeline (uPlot; drag across it to filter the
 * table by time), categories and classes, and top talkers (plain SVG bars).
 */
(function (R) {
  'use strict';

  /** The header: what was scanned, by what, and the figures. */
  R.header = function (root) {
    const d = R.data;
    const m = d.meta;
    const h = R.el('header', 'head');
    h.appendChild(R.el('h1', null, 'nad report'));
    h.appendChild(R.el('p', 'source', d.source));
    const [dl, add] = R.facts();
    const none = 'not recorded (no summary line)';
    const t = d.cols.t;
    const span = R.n === 0 ? '–' : R.iso(d.t0) + ' – ' + R.iso(d.t0 + t[R.n - 1]);
    add('Time span', span, 'h-span');
    add('Packets', m ? R.fmtInt(m.packets) : none, 'h-packets');
    add('Connections', m ? R.fmtInt(m.connections) : none, 'h-connections');
    add('Anomalies', m ? R.fmtInt(m.anomalies) : none, 'h-anomalies');
    add(
      'Rows in report',
      R.fmtInt(R.n) +
        (m && !m.all ? ' (anomalies only: scan with --all for every connection)' : ''),
      'h-rows',
    );
    add(
      'Model',
      m ? m.model + (m.modelSha256 ? ' (sha256 ' + m.modelSha256.slice(0, 16) + '…)' : '') : none,
      'h-model',
    );
    add(
      'Threshold',
      String(d.threshold) + (d.thresholdAssumed ? ' (assumed: not recorded)' : ''),
      'h-threshold',
    );
    add('nad version', m ? m.nad : none, 'h-version');
    add('Command', m ? m.command : none, 'h-command');
    h.appendChild(dl);
    if (m) {
      const tbl = R.el('table', 'inputs');
      tbl.id = 'h-inputs';
      const tr = R.el('tr');
      for (const c of ['Input', 'Size', 'sha256', 'Packets', 'Connections', 'Anomalies'])
        tr.appendChild(R.el('th', null, c));
      tbl.appendChild(tr);
      for (const f of m.inputs) {
        const row = R.el('tr');
        row.appendChild(R.el('td', 'file', f.file + (f.error ? ' — error: ' + f.error : '')));
        row.appendChild(R.el('td', 'num', f.bytes === null ? '–' : R.fmtInt(f.bytes)));
        row.appendChild(R.el('td', 'hash', f.sha256 || '–'));
        row.appendChild(R.el('td', 'num', R.fmtInt(f.packets)));
        row.appendChild(R.el('td', 'num', R.fmtInt(f.connections)));
        row.appendChild(R.el('td', 'num', R.fmtInt(f.anomalies)));
        tbl.appendChild(row);
      }
      h.appendChild(tbl);
    }
    root.appendChild(h);
  };

  const STEPS = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 21600, 86400, 604800];

  /** Bucket width (s) giving at most ~150 buckets over `spanSec`. */
  function bucketSec(spanSec) {
    for (const s of STEPS) if (spanSec / s <= 150) return s;
    return Math.ceil(spanSec / 150);
  }

  /** The timeline: connections and anomalies per category per bucket. */
  R.timeline = function (root) {
    const sec = R.el('section', 'card');
    sec.id = 'timeline';
    sec.appendChild(R.el('h2', null, 'Timeline'));
    const info = R.el('p', 'hint', 'Drag across the chart to filter the table to a time range.');
    const clear = R.el('button', null, 'Show all times');
    clear.id = 'clear-range';
    clear.disabled = true;
    info.appendChild(clear);
    sec.appendChild(info);
    const box = R.el('div', 'chart');
    box.id = 'timeline-chart';
    sec.appendChild(box);
    root.appendChild(sec);
    const t = R.data.cols.t;
    const span = R.n > 0 ? t[R.n - 1] / 1e6 : 0;
    const w = bucketSec(span);
    const nb = Math.floor(span / w) + 1;
    const cats = [];
    for (let i = 0; i < R.n; i++) {
      const c = R.pstr(i, 4);
      if (R.anomaly[i] && cats.indexOf(c) < 0) cats.push(c);
    }
    cats.sort();
    const xs = new Array(nb);
    for (let b = 0; b < nb; b++) xs[b] = R.data.t0 / 1e6 + b * w;
    const all = new Array(nb).fill(0);
    const per = cats.map(() => new Array(nb).fill(0));
    for (let i = 0; i < R.n; i++) {
      const b = Math.floor(t[i] / 1e6 / w);
      all[b]++;
      if (R.anomaly[i]) per[cats.indexOf(R.pstr(i, 4))][b]++;
    }
    const colors = ['#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#bcbd22', '#17becf'];
    const series = [{}, { label: 'connections', stroke: '#1f77b4', fill: 'rgba(31,119,180,0.12)' }];
    cats.forEach((c, k) => series.push({ label: c, stroke: colors[k % colors.length], width: 2 }));
    sec.dataset.buckets = String(nb);
    sec.dataset.bucketSec = String(w);
    if (typeof uPlot === 'undefined' || R.n === 0) return;
    const plot = new uPlot(
      {
        width: Math.max(320, Math.min(1200, box.clientWidth || 900)),
        height: 220,
        series: series,
        scales: { x: { time: true } },
        cursor: { drag: { x: true, y: false, setScale: false } },
        hooks: {
          setSelect: [
            (u) => {
              if (u.select.width < 2) return;
              const a = u.posToVal(u.select.left, 'x');
              const b = u.posToVal(u.select.left + u.select.width, 'x');
              // Whole buckets: from the one under the left edge to the end of the one under the right.
              const first = Math.max(0, Math.floor((a - R.data.t0 / 1e6) / w));
              const last = Math.floor((b - R.data.t0 / 1e6) / w);
              R.state.range = [first * w * 1e6, (last + 1) * w * 1e6 - 1];
              clear.disabled = false;
              R.changed();
            },
          ],
        },
      },
      [xs, all].concat(per),
      box,
    );
    clear.addEventListener('click', () => {
      R.state.range = null;
      clear.disabled = true;
      plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
      R.changed();
    });
  };

  const SVG = 'http://www.w3.org/2000/svg';

  /** A list of labelled bars (SVG): `items` is [[label, value], …]. */
  R.bars = function (items, fmt) {
    const rowH = 20;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', '320');
    svg.setAttribute('height', String(Math.max(1, items.length) * rowH));
    const max = items.reduce((m, x) => Math.max(m, x[1]), 0) || 1;
    items.forEach((it, k) => {
      const g = document.createElementNS(SVG, 'g');
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', '140');
      rect.setAttribute('y', String(k * rowH + 3));
      rect.setAttribute('height', String(rowH - 6));
      rect.setAttribute('width', String(Math.max(1, (it[1] / max) * 120)));
      rect.setAttribute('class', 'bar');
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(k * rowH + 14));
      label.textContent = it[0].length > 23 ? it[0].slice(0, 22) + '…' : it[0];
      const title = document.createElementNS(SVG, 'title');
      title.textContent = it[0];
      label.appendChild(title);
      const val = document.createElementNS(SVG, 'text');
      val.setAttribute('x', '266');
      val.setAttribute('y', String(k * rowH + 14));
      val.textContent = fmt(it[1]);
      g.appendChild(rect);
      g.appendChild(label);
      g.appendChild(val);
      svg.appendChild(g);
    });
    return svg;
  };

  /** The `k` largest entries of a Map, ties by name. */
  function top(map, k) {
    return Array.from(map.entries())
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, k);
  }

  function card(root, id, title) {
    const sec = R.el('section', 'card');
    sec.id = id;
    sec.appendChild(R.el('h2', null, title));
    root.appendChild(sec);
    return sec;
  }

  /** Categories and classes of the anomalies among the filtered rows. */
  R.classes = function (root) {
    const sec = card(root, 'classes', 'Categories and classes (anomalies)');
    const body = R.el('div', 'cols');
    sec.appendChild(body);
    R.listeners.push((view) => {
      const cats = new Map();
      const labels = new Map();
      for (const i of view) {
        if (!R.anomaly[i]) continue;
        const c = R.pstr(i, 4);
        const l = R.pstr(i, 3);
        cats.set(c, (cats.get(c) || 0) + 1);
        labels.set(l, (labels.get(l) || 0) + 1);
      }
      body.replaceChildren();
      for (const [name, map] of [
        ['Categories', cats],
        ['Classes', labels],
      ]) {
        const col = R.el('div', 'col');
        col.appendChild(R.el('h3', null, name));
        col.appendChild(
          map.size ? R.bars(top(map, 12), R.fmtInt) : R.el('p', 'hint', 'No anomalies.'),
        );
        body.appendChild(col);
      }
    });
  };

  /** Top sources, destinations, pairs and services by anomalies, connections or bytes. */
  R.talkers = function (root) {
    const sec = card(root, 'talkers', 'Top talkers');
    const pick = R.el('select');
    pick.id = 'talker-measure';
    for (const m of ['anomalies', 'connections', 'bytes']) {
      const o = R.el('option', null, 'by ' + m);
      o.value = m;
      pick.appendChild(o);
    }
    sec.appendChild(pick);
    const body = R.el('div', 'cols');
    sec.appendChild(body);
    const draw = () => {
      const measure = pick.value;
      // Counted by number (dictionary and profile indices), named at the end.
      const c = R.data.cols;
      const nd = R.data.dict.length;
      const counts = [new Map(), new Map(), new Map(), new Map()];
      const bump = (m, k, v) => m.set(k, (m.get(k) || 0) + v);
      for (const i of R.view) {
        const v = measure === 'bytes' ? R.bytes[i] : measure === 'anomalies' ? R.anomaly[i] : 1;
        if (v === 0) continue;
        bump(counts[0], c.src[i], v);
        bump(counts[1], c.dst[i], v);
        bump(counts[2], c.src[i] * nd + c.dst[i], v);
        bump(counts[3], c.profile[i], v);
      }
      const d = R.data.dict;
      const name = [
        (k) => d[k],
        (k) => d[k],
        (k) => d[Math.floor(k / nd)] + ' → ' + d[k % nd],
        (k) => d[R.data.profiles[k][1]] + '/' + d[R.data.profiles[k][0]],
      ];
      const maps = counts.map((m, j) => {
        const named = new Map();
        for (const [k, v] of m) bump(named, name[j](k), v);
        return named;
      });
      body.replaceChildren();
      const fmt = measure === 'bytes' ? R.fmtBytes : R.fmtInt;
      ['Sources', 'Destinations', 'Pairs', 'Services'].forEach((name, j) => {
        const col = R.el('div', 'col');
        col.appendChild(R.el('h3', null, name));
        col.appendChild(maps[j].size ? R.bars(top(maps[j], 10), fmt) : R.el('p', 'hint', 'None.'));
        body.appendChild(col);
      });
    };
    pick.addEventListener('change', draw);
    R.listeners.push(draw);
  };
})((window.NadReport = window.NadReport || {}));
