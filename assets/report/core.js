/*
 * nad report, part 1 of 4: the data (decoded from the page's JSON), formatting helpers and the
 * filter state that the other parts share. No framework; every text from the data is written
 * with textContent, never as HTML.
 */
(function (R) {
  'use strict';

  /** Reads the payload (src/report/html/prepare.ts) into convenient arrays. */
  R.load = function () {
    const data = JSON.parse(document.getElementById('nad-data').textContent);
    const n = data.cols.t.length;
    const P = { protocol: 0, service: 1, flag: 2, label: 3, category: 4, why: 5, verdict: 6 };
    R.data = data;
    R.n = n;
    R.P = P;
    R.F = 12; // offset of the 41 features in a profile
    const prof = data.profiles;
    const col = data.cols;
    R.score = new Float64Array(n);
    R.anomaly = new Uint8Array(n);
    R.bytes = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = prof[col.profile[i]];
      R.score[i] = p[7];
      R.anomaly[i] = p[8];
      R.bytes[i] = (p[R.F + 4] || 0) + (p[R.F + 5] || 0);
    }
  };

  /** Dictionary string of profile field `k` of row `i`. */
  R.pstr = function (i, k) {
    const p = R.data.profiles[R.data.cols.profile[i]];
    return p[k] < 0 ? '' : R.data.dict[p[k]];
  };

  R.src = (i) => R.data.dict[R.data.cols.src[i]];
  R.dst = (i) => R.data.dict[R.data.cols.dst[i]];
  R.file = (i) => R.data.dict[R.data.cols.file[i]];

  /** Start time of row `i` in µs since the epoch. */
  R.micros = (i) => R.data.t0 + R.data.cols.t[i];

  /** ISO 8601 UTC with microseconds, as nad scan writes it. */
  R.iso = function (us) {
    const ms = Math.floor(us / 1000);
    const rest = String(Math.round(us - ms * 1000)).padStart(3, '0');
    return new Date(ms).toISOString().replace('Z', rest + 'Z');
  };

  R.fmtInt = (v) => (v === null || v === undefined ? '–' : Math.round(v).toLocaleString('en-US'));
  R.fmtBytes = function (v) {
    if (v === null || v === undefined) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return (u === 0 ? String(v) : v.toFixed(1)) + ' ' + units[u];
  };

  /** An element with optional class and text. */
  R.el = function (tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };

  /** A definition list; returns [dl, add(term, text, id)]. */
  R.facts = function () {
    const dl = R.el('dl', 'facts');
    const add = (k, v, id) => {
      dl.appendChild(R.el('dt', null, k));
      const dd = R.el('dd', null, v);
      if (id) dd.id = id;
      dl.appendChild(dd);
    };
    return [dl, add];
  };

  /** Filter state: text, category, anomalies only, time range (µs offsets) and sort. */
  R.state = { text: '', category: '', anomaliesOnly: false, range: null, sortKey: 't', sortDir: 1 };

  /** Text searched by the filter box, per row (built on first use). */
  let hay = null;
  function haystack(i) {
    if (hay === null) hay = new Array(R.n);
    let h = hay[i];
    if (h === undefined) {
      const c = R.data.cols;
      h = [
        R.src(i),
        c.sport[i],
        R.dst(i),
        c.dport[i],
        R.pstr(i, 0),
        R.pstr(i, 1),
        R.pstr(i, 2),
        R.pstr(i, 3),
        R.pstr(i, 4),
        c.cid[i],
        R.file(i),
      ]
        .join(' ')
        .toLowerCase();
      hay[i] = h;
    }
    return h;
  }

  /** Row indices passing the filters, in the current sort order. */
  R.filtered = function () {
    const s = R.state;
    const t = R.data.cols.t;
    const text = s.text.trim().toLowerCase();
    const out = [];
    for (let i = 0; i < R.n; i++) {
      if (s.anomaliesOnly && R.anomaly[i] === 0) continue;
      if (s.category !== '' && R.pstr(i, 4) !== s.category) continue;
      if (s.range !== null && (t[i] < s.range[0] || t[i] > s.range[1])) continue;
      if (text !== '' && haystack(i).indexOf(text) < 0) continue;
      out.push(i);
    }
    const key = R.sortKeys[s.sortKey];
    // Rows are stored in time order: no sort for the default order.
    if (key && !(s.sortKey === 't' && s.sortDir === 1)) {
      const dir = s.sortDir;
      out.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * dir || a - b;
      });
    }
    return out;
  };

  /** Sort keys by column id. */
  R.sortKeys = {
    t: (i) => R.data.cols.t[i],
    src: (i) => R.src(i),
    sport: (i) => R.data.cols.sport[i],
    dst: (i) => R.dst(i),
    dport: (i) => R.data.cols.dport[i],
    proto: (i) => R.pstr(i, 0),
    service: (i) => R.pstr(i, 1),
    flag: (i) => R.pstr(i, 2),
    label: (i) => R.pstr(i, 3),
    category: (i) => R.pstr(i, 4),
    score: (i) => R.score[i],
    bytes: (i) => R.bytes[i],
  };

  /** Listeners called after the filters change. */
  R.listeners = [];
  R.changed = function () {
    R.view = R.filtered();
    for (const f of R.listeners) f(R.view);
  };
})((window.NadReport = window.NadReport || {}));
