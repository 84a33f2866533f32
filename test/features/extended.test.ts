/**
 * The extended feature set (docs/extended-features.md) pinned on small hand-built captures, one
 * per protocol: every expected value below is computed by hand from the frames built here.
 */
import { describe, expect, it } from 'vitest';
import { bytes, eth, ipv4, tcp, u16, u32, udp } from '../helpers/frame-builders.js';
import {
  A, CLIENT, FA, PA, RA, S, SA, SERVER, ascii, extended, seg, segBytes, type Frame,
} from '../helpers/extended-capture.js'; // prettier-ignore

/** Shannon entropy (bits/char) of a character histogram, for the hand computations. */
const entropy = (counts: number[]): number => {
  const n = counts.reduce((a, b) => a + b, 0);
  return -counts.reduce((h, k) => h + (k / n) * Math.log2(k / n), 0);
};

/** A DNS name in wire form. */
const qname = (name: string): number[] => [
  ...name.split('.').flatMap((l) => [l.length, ...ascii(l)]),
  0,
];

describe('extended features, hand-computed', () => {
  it('DNS: query for www.example.com A, response NOERROR with one answer', async () => {
    const question = [...qname('www.example.com'), ...u16(1), ...u16(1)];
    const query = bytes(u16(0x1234), u16(0x0100), u16(1), u16(0), u16(0), u16(0), question);
    const answer = [0xc0, 12, ...u16(1), ...u16(1), ...u32(300), ...u16(4), 93, 184, 216, 34];
    const response = bytes(u16(0x1234), u16(0x8180), u16(1), u16(1), u16(0), u16(0), question, answer); // prettier-ignore
    const [r] = await extended([
      { t: 0, data: eth(0x0800, ipv4({ proto: 17, src: CLIENT, dst: SERVER }, udp(5000, 53, query))) },
      { t: 0.25, data: eth(0x0800, ipv4({ proto: 17, src: SERVER, dst: CLIENT }, udp(53, 5000, response))) },
    ]); // prettier-ignore
    // "wwwexamplecom": w3 e2 m2 x a p l c o → 13 characters.
    const h = Math.round(entropy([3, 2, 2, 1, 1, 1, 1, 1, 1]) * 1e6) / 1e6;
    expect(r).toMatchObject({
      service: 'domain_u', orig_pkts: 1, resp_pkts: 1,
      orig_payload_mean_bytes: 33, orig_payload_max_bytes: 33, orig_payload_std_bytes: 0,
      resp_payload_mean_bytes: 49, iat_mean_sec: 0.25, iat_max_sec: 0.25,
      dns_qname_len: 15, dns_qname_labels: 3, dns_qname_entropy: h, dns_longest_label: 7,
      dns_qtype: 1, dns_rcode: 0, dns_answers: 1,
      http_method: 0, http_uri_len: -1, tls_seen: 0, icmp_type: -1, midflow: 0,
    }); // prettier-ignore
    expect(h).toBe(3.026987); // 3/13·log2(13/3) + 2·2/13·log2(13/2) + 6/13·log2(13)
  });

  it('DNS: a malformed message on port 53 leaves every DNS column −1', async () => {
    const bad = bytes(u16(1), u16(0x0100), u16(1), u16(0), u16(0), u16(0), 63, 0x61); // label past the end
    const [r] = await extended([
      { t: 0, data: eth(0x0800, ipv4({ proto: 17, src: CLIENT, dst: SERVER }, udp(5000, 53, bad))) },
    ]); // prettier-ignore
    for (const c of ['dns_qname_len', 'dns_qname_labels', 'dns_qname_entropy', 'dns_qtype', 'dns_rcode', 'dns_answers'])
      expect(r![c], c).toBe(-1); // prettier-ignore
  });

  it('DNS over TCP: a length-prefixed query split over two segments, an NXDOMAIN response', async () => {
    const query = bytes(u16(7), u16(0x0100), u16(1), u16(0), u16(0), u16(0), qname('a.bc'), u16(16), u16(1)); // prettier-ignore
    const msg = bytes(u16(query.length), query);
    const res = bytes(u16(7), u16(0x8183), u16(1), u16(0), u16(0), u16(0), qname('a.bc'), u16(16), u16(1)); // prettier-ignore
    const p: [number, number] = [40000, 53];
    const reply = tcp(53, 40000, PA, bytes(u16(res.length), res));
    reply.set(u32(1), 4);
    const [r] = await extended([
      segBytes(0, p, PA, 1, msg.subarray(0, 5)),
      segBytes(0.1, p, PA, 6, msg.subarray(5)),
      { t: 0.2, data: eth(0x0800, ipv4({ proto: 6, src: SERVER, dst: CLIENT }, reply)) },
    ]);
    // "abc": three different characters → log2(3) bits.
    expect(r).toMatchObject({
      service: 'domain', midflow: 1, dns_qname_len: 4, dns_qname_labels: 2, dns_longest_label: 2,
      dns_qname_entropy: Math.round(Math.log2(3) * 1e6) / 1e6, dns_qtype: 16, dns_rcode: 3,
      dns_answers: 0,
    }); // prettier-ignore
  });

  it('HTTP: GET → 404, then a keep-alive GET → 200; a second connection without 4xx', async () => {
    const p: [number, number] = [40000, 80];
    const req1 = 'GET /nope HTTP/1.1\r\nHost: x\r\n\r\n'; // 31 bytes
    const res1 = 'HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found'; // 54
    const req2 = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n'; // 28
    const res2 = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi'; // 40
    const q: [number, number] = [40001, 80];
    const rows = await extended([
      seg(0, true, p, S, 100),
      seg(0.1, false, p, SA, 500),
      seg(0.2, true, p, A, 101),
      seg(0.3, true, p, PA, 101, req1),
      seg(0.4, false, p, PA, 501, res1),
      seg(0.5, true, p, PA, 132, req2),
      seg(0.6, false, p, PA, 555, res2),
      seg(0.7, true, p, FA, 160),
      seg(0.8, false, p, FA, 595),
      seg(0.9, true, p, A, 161),
      seg(1, true, q, S, 0),
      seg(1.1, false, q, SA, 0),
      seg(1.2, true, q, A, 1),
      seg(1.3, true, q, PA, 1, req2),
      seg(1.4, false, q, PA, 0 + 1, res2),
    ]);
    expect(rows[0]).toMatchObject({
      flag: 'SF', orig_pkts: 6, resp_pkts: 4,
      orig_payload_mean_bytes: 29.5, orig_payload_max_bytes: 31, orig_payload_std_bytes: 1.5,
      resp_payload_mean_bytes: 47, resp_payload_max_bytes: 54, resp_payload_std_bytes: 7,
      iat_mean_sec: 0.1, iat_std_sec: 0, iat_max_sec: 0.1,
      syn_count: 2, fin_count: 2, rst_count: 0, psh_count: 4, ack_only_count: 2, urg_count: 0,
      handshake_seen: 1, midflow: 0,
      http_method: 1, http_status_class: 4, http_uri_len: 5, http_requests: 2, http_4xx_count: 1,
      tls_seen: 0, dns_qname_len: -1,
      src_60s_conn_count: 1, src_60s_http_4xx_share: 1, src_100c_http_4xx_share: 1,
    }); // prettier-ignore
    expect(rows[1]).toMatchObject({
      http_method: 1, http_status_class: 2, http_uri_len: 2, http_requests: 1, http_4xx_count: 0,
      src_60s_conn_count: 2, src_60s_dst_hosts: 1, src_60s_dst_ports: 1, src_60s_same_dst_count: 2,
      src_60s_http_4xx_share: 0.5, src_100c_http_4xx_share: 0.5,
    }); // prettier-ignore
  });

  it('HTTP: a chunked response is skipped by its chunk sizes; a HEAD response has no body', async () => {
    const p: [number, number] = [40000, 8080];
    const req = 'POST /form HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcHEAD / HTTP/1.1\r\n\r\n';
    const res =
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5\r\nHTTP/\r\n0\r\n\r\nHTTP/1.1 403 No\r\nContent-Length: 99\r\n\r\n';
    const rows = await extended([seg(0, true, p, PA, 1, req), seg(0.1, false, p, PA, 1, res)]);
    expect(rows[0]).toMatchObject({
      http_method: 2, http_uri_len: 5, http_requests: 2, http_status_class: 5, http_4xx_count: 1,
    }); // prettier-ignore
  });

  it('TLS: a ClientHello with SNI, and one without', async () => {
    const hello = (sni: boolean): Uint8Array => {
      const name = ascii('example.com');
      const sniExt = [...u16(0), ...u16(name.length + 5), ...u16(name.length + 3), 0, ...u16(name.length), ...name]; // prettier-ignore
      const exts = [...(sni ? sniExt : []), ...u16(0x2b), ...u16(3), 2, 3, 4]; // + supported_versions
      const body = [...u16(0x0303), ...new Array<number>(32).fill(7), 0, ...u16(2), 0x13, 0x01, 1, 0, ...u16(exts.length), ...exts]; // prettier-ignore
      const hs = [1, 0, ...u16(body.length), ...body];
      return bytes(22, 3, 1, u16(hs.length), hs);
    };
    const p: [number, number] = [40000, 443];
    const q: [number, number] = [40001, 8443];
    const rows = await extended([
      seg(0, true, p, S, 0),
      seg(0.1, false, p, SA, 0),
      segBytes(0.2, p, PA, 1, hello(true)),
      seg(1, true, q, S, 0),
      seg(1.1, false, q, SA, 0),
      segBytes(1.2, q, PA, 1, hello(false)),
    ]);
    expect(rows[0]).toMatchObject({ service: 'http_443', tls_seen: 1, tls_sni_present: 1, http_method: 0 }); // prettier-ignore
    expect(rows[1]).toMatchObject({ tls_seen: 1, tls_sni_present: 0 });
  });

  it('ICMP: an echo request with 56 data bytes', async () => {
    const echo = bytes(8, 0, u16(0), u16(7), u16(1), new Array<number>(56).fill(0x61));
    const [r] = await extended([{ t: 0, data: eth(0x0800, ipv4({ proto: 1, src: CLIENT, dst: SERVER }, echo)) }]); // prettier-ignore
    expect(r).toMatchObject({
      service: 'eco_i', orig_pkts: 1, resp_pkts: 0,
      orig_payload_mean_bytes: 64, orig_payload_max_bytes: 64, orig_payload_std_bytes: 0,
      resp_payload_mean_bytes: 0, iat_mean_sec: 0, syn_count: 0, handshake_seen: 0, midflow: 0,
      icmp_type: 8, icmp_code: 0, icmp_payload_mean_bytes: 56, icmp_payload_max_bytes: 56,
      dns_qtype: -1, src_60s_failed_count: 0, src_60s_dst_ports: 1,
    }); // prettier-ignore
  });

  it('TCP seen mid-flow: no SYN, payload 10 and 20 bytes, gaps 0.5 s and 1 s', async () => {
    const p: [number, number] = [40000, 5000];
    const [r] = await extended([
      seg(0, true, p, PA, 1000, 'x'.repeat(10)),
      seg(0.5, true, p, PA, 1010, 'y'.repeat(20)),
      seg(1.5, false, p, A, 7000),
    ]);
    expect(r).toMatchObject({
      flag: 'OTH', orig_pkts: 2, resp_pkts: 1,
      orig_payload_mean_bytes: 15, orig_payload_max_bytes: 20, orig_payload_std_bytes: 5,
      resp_payload_mean_bytes: 0, resp_payload_max_bytes: 0,
      iat_mean_sec: 0.75, iat_std_sec: 0.25, iat_max_sec: 1,
      syn_count: 0, psh_count: 2, ack_only_count: 1, handshake_seen: 0, midflow: 1,
      http_method: 0, src_60s_failed_count: 0,
    }); // prettier-ignore
  });

  it('a source making 5 refused connections to one port: counts 1…5 in both windows', async () => {
    const frames: Frame[] = [];
    for (let k = 0; k < 5; k++) {
      const p: [number, number] = [40001 + k, 22];
      frames.push(seg(k, true, p, S, 0), seg(k + 0.01, false, p, RA, 0));
    }
    const rows = await extended(frames);
    expect(rows.map((r) => r.flag)).toEqual(['REJ', 'REJ', 'REJ', 'REJ', 'REJ']);
    rows.forEach(
      (r, k) =>
      expect(r).toMatchObject({
        syn_count: 1, rst_count: 1, handshake_seen: 0, midflow: 0,
        src_60s_conn_count: k + 1, src_60s_failed_count: k + 1, src_60s_dst_hosts: 1,
        src_60s_dst_ports: 1, src_60s_same_dst_count: k + 1, src_60s_http_4xx_share: 0,
        src_100c_conn_count: k + 1, src_100c_failed_count: k + 1, src_100c_dst_hosts: 1,
        src_100c_dst_ports: 1, src_100c_same_dst_count: k + 1,
      }), // prettier-ignore
    );
  });
});
