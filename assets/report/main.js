/*
 * nad report, part 4 of 4: the drill-down of a row (every feature, score, why, Community ID
 * and a Wireshark display filter to copy) and the start of the page. When the first rows are
 * drawn, #app gets data-ready="true" and the mark "nad-ready" (what the benchmark times).
 */
(function (R) {
  'use strict';

  /** A Wireshark display filter for the conversation of row `i`. */
  R.wiresharkFilter = function (i) {
    const ip = R.src(i).indexOf(':') >= 0 ? 'ipv6' : 'ip';
    const proto = R.pstr(i, 0);
    const a = R.src(i);
    const b = R.dst(i);
    const hosts = a === b ? ip + '.addr==' + a : ip + '.addr==' + a + ' && ' + ip + '.addr==' + b;
    if (proto === 'icmp') return hosts + ' && ' + (ip === 'ipv6' ? 'icmpv6' : 'icmp');
    const c = R.data.cols;
    const p = c.sport[i];
    const q = c.dport[i];
    const ports =
      p === q ? proto + '.port==' + p : proto + '.port==' + p + ' && ' + proto + '.port==' + q;
    return hosts + ' && ' + ports;
  };

  /** Shows row `i` in the drill-down panel. */
  R.select = function (i) {
    R.selected = i;
    const box = document.getElementById('detail');
    box.replaceChildren();
    box.hidden = false;
    const r = R.record(i);
    box.appendChild(
      R.el(
        'h2',
        null,
        r.srcAddr + ':' + r.srcPort + ' → ' + r.dstAddr + ':' + r.dstPort + ' (' + r.protocol + ')',
      ),
    );
    const [dl, add] = R.facts();
    add('File', r.file, 'd-file');
    add('Start', r.startTime, 'd-start');
    add('Duration', r.durationSec + ' s');
    add('Service / flag', r.service + ' / ' + r.flag, 'd-service');
    add('Class / category', r.attackLabel + ' / ' + r.category, 'd-class');
    add('Score', String(r.score), 'd-score');
    add('Why', r.why || '–', 'd-why');
    if (r.novelty !== undefined) {
      add('Novelty', String(r.novelty), 'd-novelty');
      add('Novelty why', r.noveltyWhy || '–');
      add('Verdict', r.verdict);
    }
    add('Community ID', r.communityId || '–', 'd-cid');
    box.appendChild(dl);
    const ws = R.el('div', 'copy');
    ws.appendChild(R.el('label', null, 'Wireshark display filter'));
    const input = R.el('input');
    input.id = 'ws-filter';
    input.readOnly = true;
    input.value = R.wiresharkFilter(i);
    const btn = R.el('button', null, 'Copy');
    btn.id = 'copy-filter';
    btn.addEventListener('click', () => {
      const done = () => {
        btn.textContent = 'Copied';
        btn.dataset.copied = input.value;
      };
      input.select();
      if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(input.value).then(done, () => {
          if (document.execCommand('copy')) done();
        });
      else if (document.execCommand('copy')) done();
    });
    ws.appendChild(input);
    ws.appendChild(btn);
    box.appendChild(ws);
    const ft = R.el('table', 'features');
    ft.id = 'd-features';
    for (const name of R.data.featureNames) {
      const tr = R.el('tr');
      tr.appendChild(R.el('th', null, name));
      tr.appendChild(R.el('td', null, r.features[name]));
      ft.appendChild(tr);
    }
    box.appendChild(ft);
  };

  function start() {
    const app = document.getElementById('app');
    R.load();
    R.header(app);
    if (R.n === 0) {
      const m = R.data.meta;
      const text =
        m && m.connections > 0
          ? 'No anomalous connections in this scan (' +
            m.connections.toLocaleString('en-US') +
            ' connections scanned; scan with --all to see them).'
          : 'No connections in this scan.';
      const p = R.el('p', 'empty', text);
      p.id = 'empty';
      app.appendChild(p);
    } else {
      R.timeline(app);
      const grid = R.el('div', 'grid');
      app.appendChild(grid);
      R.classes(grid);
      R.talkers(grid);
      R.table(app);
      const detail = R.el('aside', 'card detail');
      detail.id = 'detail';
      detail.hidden = true;
      app.appendChild(detail);
      R.changed();
    }
    app.dataset.ready = 'true';
    performance.mark('nad-ready');
  }

  start();
})((window.NadReport = window.NadReport || {}));
