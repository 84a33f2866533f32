import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/app/features/features.js';
import { readPackets } from '../../src/app/shared/read-packets.js';
import { kddLine } from '../../src/features/kdd.js';

/** 2.9 MB: three 1 MiB input chunks. */
const FLOOD = 'fixtures/pcaps/attack/syn_flood_spoofed.pcap';

describe('output backpressure (ReadHooks.outputReady)', () => {
  it('reads no packet while the output is not ready, and every packet in the end', async () => {
    let waiting = false;
    let packetsWhileWaiting = 0;
    const seenAtWaits: number[] = [];
    let packets = 0;
    const r = await readPackets(
      FLOOD,
      () => {
        packets++;
        if (waiting) packetsWhileWaiting++;
      },
      {
        outputReady: () => {
          seenAtWaits.push(packets);
          waiting = true;
          return new Promise<void>((resolve) =>
            setTimeout(() => {
              waiting = false;
              resolve();
            }, 5),
          );
        },
      },
    );
    expect(r.stats.packets).toBe(37_841);
    expect(packets).toBe(37_841);
    expect(packetsWhileWaiting).toBe(0);
    // One wait after each of the three chunks, with packets read in between.
    expect(seenAtWaits).toHaveLength(3);
    expect(seenAtWaits[0]).toBeGreaterThan(0);
    expect(seenAtWaits[1]).toBeGreaterThan(seenAtWaits[0]!);
  });

  it('undefined means ready: the rows are the same as without the hook', async () => {
    const rows: string[] = [];
    const hooked: string[] = [];
    await extractFeatures(FLOOD, (row) => rows.push(kddLine(row)));
    await extractFeatures(FLOOD, (row) => hooked.push(kddLine(row)), {
      hooks: { outputReady: () => undefined },
    });
    expect(hooked).toEqual(rows);
    expect(rows).toHaveLength(37_669);
  });
});
