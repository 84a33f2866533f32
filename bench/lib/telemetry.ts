/**
 * Telemetry bodies for `/predict` (bench:serve, and the serve tests): `n` records of a busy
 * network — many sources, a few servers and ports; each connection (5-tuple) has
 * `perConnection` records in a row (1: every record a new connection, the worst case for the
 * scorer, which explains each connection). With `flagsEvery` > 0, every such record also
 * carries a SYN flag and a timestamp (the optional keys).
 */
export function telemetry(n: number, seed: number, perConnection: number, flagsEvery = 0): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = (seed * 7919 + Math.floor(i / perConnection) * 104729) >>> 0;
    const extra = flagsEvery > 0 && i % flagsEvery === 0;
    out.push(
      JSON.stringify({
        src_ip: `10.${(k >> 8) & 255}.${(k >> 16) & 255}.${(k & 253) + 1}`,
        dest_ip: `192.168.0.${(k % 7) + 1}`,
        src_port: 1024 + (k % 60000),
        dest_port: [80, 443, 22, 53, 25][k % 5],
        protocol: k % 5 === 3 ? 'UDP' : 'TCP',
        packet_size: 60 + ((k + i) % 1400),
        ...(extra ? { tcp_flags: 'S', timestamp: 1_700_000_000 + i / 1000 } : {}),
      }),
    );
  }
  return `[${out.join(',')}]`;
}
