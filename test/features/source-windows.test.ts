/**
 * The per-source windows of the extended set (docs/extended-features.md): the 60 s window's
 * boundary, the 100-record window, sources kept apart, and the memory caps.
 */
import { describe, expect, it } from 'vitest';
import { AddressIds } from '../../src/features/address-ids.js';
import { SourceCountWindow } from '../../src/features/source-count-window.js';
import {
  SourceTimeWindow,
  emptySourceCounts,
  type SourceEntry,
} from '../../src/features/source-windows.js';

const ids = new AddressIds();
const entry = (sec: number, src = 'a', dstPort = 22, failed = false): SourceEntry => ({
  startMicros: sec * 1e6, src: ids.acquireText(src), dst: ids.acquireText('h'), dstPort, failed,
  http: false, http4xx: false,
}); // prettier-ignore

describe('per-source windows', () => {
  it('60 s: a record 60 s or more older has left; other sources are not counted', () => {
    const w = new SourceTimeWindow(ids);
    const out = emptySourceCounts();
    w.push(entry(0, 'a', 22, true), out);
    w.push(entry(30, 'a', 23), out);
    w.push(entry(31, 'b'), out);
    expect(out).toMatchObject({ connections: 1, dstPorts: 1 });
    w.push(entry(59.999999, 'a'), out);
    expect(out).toMatchObject({ connections: 3, failed: 1, dstPorts: 2, sameDst: 2 });
    w.push(entry(60, 'a'), out);
    expect(out).toMatchObject({ connections: 3, failed: 0, dstPorts: 2, sameDst: 2 });
  });

  it('60 s: past the entry cap the oldest records leave early', () => {
    const w = new SourceTimeWindow(ids, 60e6, 3);
    const out = emptySourceCounts();
    for (let k = 0; k < 5; k++) w.push(entry(k), out);
    expect(out.connections).toBe(3);
  });

  it('100 records: the source’s last 100; the least recently active source is forgotten', () => {
    const w = new SourceCountWindow(ids, 100, 2);
    const out = emptySourceCounts();
    for (let k = 0; k < 150; k++) w.push(entry(k, 'a', k % 2 === 0 ? 22 : 80, k < 60), out);
    expect(out).toMatchObject({ connections: 100, failed: 10, dstPorts: 2, sameDst: 50 });
    w.push(entry(200, 'b'), out);
    w.push(entry(201, 'c'), out); // 'a' is forgotten
    w.push(entry(202, 'a'), out);
    expect(out.connections).toBe(1);
  });
});
