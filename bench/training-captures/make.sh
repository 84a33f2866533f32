#!/usr/bin/env bash
# Make the labelled TRAINING captures of fixtures/training/pcaps/ and their KDD feature rows
# (fixtures/training/capture-rows.kdd), the "KDD rows plus labelled rows from real captures"
# remedy of shared/spec/kdd-features.md §10.
#
# Run as root from anywhere: bench/training-captures/make.sh
# Needs: hping3 nmap tcpdump openssh-server openssh-client openssl curl dnsutils (dig)
#        python3-pyftpdlib (Debian's /usr/bin/python3), iproute2; `npx tsc -p .` done.
#
# Safety: every server, client, attack tool and tcpdump runs inside the network namespace
# `nadtrain`, which has only a loopback interface, so no packet can leave the machine. Every
# tool has a bounded count (-c) and a timeout.
#
# Independence: none of these captures is a fixture capture (fixtures/pcaps/ is never read).
# Ports, counts, rates, addresses and scan ranges differ from the fixture captures of
# fixtures/pcaps/MANIFEST.tsv on purpose; the set is meant to be broad, not to mirror them.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
NS=nadtrain
OUT=fixtures/training/pcaps
ROWS=fixtures/training/capture-rows.kdd
PY=/usr/bin/python3                 # Debian python: has pyftpdlib (not the pyenv python3)
TOOLS=$ROOT/bench/training-captures/tools.py
WORK=$(mktemp -d /tmp/nadtrain.XXXXXX)
PIDS=()    # servers, stopped at the end
HOLD=()    # clients that keep connections open until a capture stops

[ "$(id -u)" = 0 ] || { echo "run as root (network namespace, raw sockets)" >&2; exit 1; }
for t in hping3 nmap tcpdump sshd ssh scp openssl curl dig; do
  command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] || { echo "missing: $t" >&2; exit 1; }
done
$PY -c 'import pyftpdlib' || { echo "missing: python3-pyftpdlib" >&2; exit 1; }
[ -x bin/run.js ] && [ -f dist/commands/features.js ] || { echo "build first: npx tsc -p ." >&2; exit 1; }

nsx() { ip netns exec "$NS" "$@"; }
# bgr CMD...: start a long-running process in the namespace, remember its pid. (A simple
# command, not the nsx function, is backgrounded: bash then execs `ip netns exec`, which execs
# the command, so $! is the process's own pid and kill reaches it.)
bgr() { ip netns exec "$NS" "$@" >>"$WORK/bg.log" 2>&1 & PIDS+=($!); }
stop_all() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()    # servers, stopped at the end
HOLD=()    # clients that keep connections open until a capture stops
}
# bgh CMD...: a client holding connections open across the end of a capture.
bgh() { ip netns exec "$NS" "$@" >/dev/null 2>&1 & HOLD+=($!); }
stop_holds() {
  for p in "${HOLD[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${HOLD[@]}"; do wait "$p" 2>/dev/null || true; done
  HOLD=()
}
cleanup() { stop_holds; stop_all; [ -n "${TCPDUMP:-}" ] && kill "$TCPDUMP" 2>/dev/null; ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# cap_start NAME / cap_stop [SECONDS]: one capture per file, full snap length, loopback only.
cap_start() {
  CUR=$1
  ip netns exec "$NS" tcpdump -U -n -s 0 -i lo -w "$OUT/$1.pcap" 2>>"$WORK/tcpdump.log" & TCPDUMP=$!
  sleep 1.5
}
cap_stop() {
  sleep "${1:-1.5}"
  kill -INT "$TCPDUMP"; wait "$TCPDUMP" 2>/dev/null || true; TCPDUMP=
  gzip -9 -n -f "$OUT/$CUR.pcap"     # stored as .pcap.gz (nad reads gzip directly)
  echo "captured $CUR: $(stat -c %s "$OUT/$CUR.pcap.gz") bytes gzipped" >&2
}

# ---------------------------------------------------------------- namespace and servers ----
ip netns del "$NS" 2>/dev/null || true
ip netns add "$NS"
nsx ip link set lo up
mkdir -p "$OUT"
rm -f "$OUT"/*.pcap "$OUT"/*.pcap.gz

# Web content: pages, scripts, images of assorted sizes (deterministic bytes).
mkdir -p "$WORK/www/img" "$WORK/www/static" "$WORK/ftp/pub"
gen() { yes "$2" | head -c "$1" || true; }   # (yes dies of SIGPIPE)
gen 2300 '<p>nad training page</p>' > "$WORK/www/index.html"
for n in 1 2 3 4 5 6; do gen $((n * 900)) "article $n lorem ipsum" > "$WORK/www/article$n.html"; done
gen 4000 'body{margin:0}' > "$WORK/www/static/site.css"
gen 11000 'function f(){return 1}' > "$WORK/www/static/app.js"
for n in 1 2 3; do gen $((n * 3000)) "PNGDATA$n" > "$WORK/www/img/photo$n.png"; done
gen 30000 'download block' > "$WORK/www/big.bin"
gen 400 '{"ok":true}' > "$WORK/www/api.json"
for n in 1 2 3 4; do gen $((n * 3000)) "ftp file $n" > "$WORK/ftp/pub/report$n.txt"; done
gen 12000 'archive' > "$WORK/ftp/data.bin"; gen 700 'readme' > "$WORK/ftp/README.txt"
cp "$WORK"/ftp/pub/*.txt "$WORK/ftp/"

# TLS certificate for the HTTPS servers.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null

# sshd with its own host key, config and authorized key (nothing in /etc/ssh is touched).
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$WORK/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/client_ed25519"
cp "$WORK/client_ed25519.pub" "$WORK/authorized_keys"
cat >"$WORK/sshd_config" <<EOF
ListenAddress 127.0.0.1:22
ListenAddress 127.0.0.1:2222
HostKey $WORK/host_ed25519
AuthorizedKeysFile $WORK/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
StrictModes no
UsePAM no
PidFile $WORK/sshd.pid
EOF
SSH=(ssh -i "$WORK/client_ed25519" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes)
SCP=(scp -i "$WORK/client_ed25519" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes)

bgr /usr/sbin/sshd -D -e -f "$WORK/sshd_config"
bgr $PY "$TOOLS" http-server 127.0.0.1 80 "$WORK/www" 1.1        # keep-alive web server
bgr $PY "$TOOLS" http-server 127.0.0.1 8000 "$WORK/www" 1.1
bgr $PY "$TOOLS" http-server 127.0.0.21 80 "$WORK/www" 1.0       # closes after each reply
bgr $PY "$TOOLS" https-server 127.0.0.1 443 "$WORK/www" "$WORK/tls.crt" "$WORK/tls.key"
bgr $PY "$TOOLS" dns-server 127.0.0.53 53
bgr $PY "$TOOLS" ntp-server 127.0.0.123 123
bgr $PY "$TOOLS" ftp-server 127.0.0.1 21 "$WORK/ftp"
# openssl s_server -WWW serves files relative to its working directory.
( cd "$WORK/www" && exec ip netns exec "$NS" openssl s_server -quiet -accept 127.0.0.1:8443 \
    -cert "$WORK/tls.crt" -key "$WORK/tls.key" -WWW >>"$WORK/bg.log" 2>&1 ) & PIDS+=($!)
sleep 1

PAGES=(index.html article1.html article2.html article3.html article4.html article5.html
       article6.html static/site.css static/app.js img/photo1.png img/photo2.png img/photo3.png
       api.json)
# web_visit SRC BASE [CURLOPT...]: one "page view": the page and 2-6 of its assets over one
# keep-alive connection, sometimes a missing page (404), sometimes a second connection.
web_visit() {
  local src=$1 base=$2; shift 2
  local urls=("$base/${PAGES[RANDOM % 7]}")
  for _ in $(seq $((2 + RANDOM % 5))); do urls+=("$base/${PAGES[RANDOM % ${#PAGES[@]}]}"); done
  ((RANDOM % 5 == 0)) && urls+=("$base/missing-$RANDOM.html")
  nsx curl -s -o /dev/null --max-time 10 --interface "$src" -A 'Mozilla/5.0 (X11; Linux x86_64)' "$@" "${urls[@]}" >/dev/null 2>&1 || true
  ((RANDOM % 3 == 0)) && { nsx curl -s -o /dev/null --max-time 10 --interface "$src" "$@" "$base/api.json" >/dev/null 2>&1 || true; }
  return 0
}
RANDOM=1998   # reproducible choices

# =================================================================== ATTACK captures ======
# neptune: SYN floods. hping3 -S sends SYNs from changing source ports (one connection each).
# Closed ports on 127.0.0.2 (no server bound there; the kernel answers RST -> REJ), several
# services, counts and rates; some with spoofed 127.x sources.
cap_start syn_flood_closed_ports
nsx timeout 20 hping3 -q -S -p 25   -c 400 -i u2500 127.0.0.2                 >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -S -p 8080 -c 600 -i u1200 127.0.0.2                 >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -S -p 443  -c 350 -i u4000 -a 127.0.0.77 127.0.0.2   >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -S -p 23   -c 250 -i u6000 -a 127.9.8.7 127.0.0.2    >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -S -p 110  -c 300 -i u3000 127.0.0.2                 >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -S -p 3306 -c 300 -i u2000 -a 127.0.0.78 127.0.0.2   >/dev/null 2>&1 || true
cap_stop

# SYN floods to OPEN ports (servers listening on 127.0.0.1): SYN-ACKs go to a source that never
# completes the handshake. Background: a few ordinary web page views from 127.0.0.40.
cap_start syn_flood_open_ports
( for _ in 1 2 3 4; do web_visit 127.0.0.40 http://127.0.0.1; sleep 1.5; done ) &
BGJOB=$!
nsx timeout 20 hping3 -q -S -p 80   -c 350 -i u1500 -a 127.0.0.90 127.0.0.1  >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -S -p 21   -c 200 -i u3000 127.0.0.1                >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -S -p 22   -c 200 -i u2500 -a 127.0.0.91 127.0.0.1  >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -S -p 443  -c 250 -i u2000 127.0.0.1                >/dev/null 2>&1 || true
wait $BGJOB || true
cap_stop

# land: SYNs whose source address and port equal the destination's (hping3 -a X -s P -k -p P X).
# Several addresses and ports, open and closed, varying counts and spacing. (hping3's -c counts
# packets received, which on loopback includes its own SYN, so about c/2 SYNs are sent.)
cap_start land
for spec in 127.0.0.1:80:30:u20000 127.0.0.4:25:16:u50000 127.0.0.9:8080:44:u10000 \
            127.0.0.1:21:14:u80000 127.0.0.6:445:24:u30000 127.0.0.1:23:10:u150000; do
  IFS=: read -r a p c i <<<"$spec"
  nsx timeout 15 hping3 -q -S -a "$a" -s "$p" -k -p "$p" -c "$c" -i "$i" "$a" >/dev/null 2>&1 || true
  sleep 2.5
done
cap_stop

# smurf: ICMP echo requests to the loopback broadcast address with spoofed victim sources,
# several payload sizes and rates (Linux ignores broadcast echoes, so there are no replies).
cap_start smurf_broadcast
nsx timeout 20 hping3 -q -1 -a 127.0.0.9  -d 800 -c 200 -i u3000 127.255.255.255 >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -1 -a 127.2.0.7  -d 512  -c 200 -i u2000 127.255.255.255 >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -1 -a 127.0.0.33 -d 64   -c 150 -i u8000 127.255.255.255 >/dev/null 2>&1 || true
cap_stop

# ICMP echo floods to unicast addresses (answered). KDD has no plain "ping flood" label: pod is
# the *oversized* (fragmented) ping of death, smurf is the echo flood (ecr_i/eco_i at high
# count), so these are labelled smurf.
cap_start icmp_echo_flood
nsx timeout 20 ping -q -f -c 300 -s 1000 127.0.0.3                  >/dev/null 2>&1 || true
nsx timeout 20 hping3 -q -1 -d 200 -c 350 -i u1500 127.0.0.4        >/dev/null 2>&1 || true
nsx timeout 20 ping -q -f -c 250 -s 120 -I 127.0.0.8 127.0.0.1      >/dev/null 2>&1 || true
cap_stop

# portsweep: connect/SYN scans of many ports of one host (KDD: "surveillance sweep through many
# ports to determine which services are supported on a single host"; its rows are REJ/RSTR).
# The targets have real services open (ssh, http, https, ftp, dns, ntp...).
cap_start portscan_syn_connect
nsx timeout 90 nmap -sS -Pn -n -p 1025-2100 -T3 --max-retries 1 127.0.0.1        >/dev/null 2>&1 || true
nsx timeout 90 nmap -sT -Pn -n -p 1-450 -T4 --max-retries 1 127.0.0.1            >/dev/null 2>&1 || true
nsx timeout 90 nmap -sS -Pn -n --top-ports 300 -T5 -S 127.0.0.55 -e lo 127.0.0.2 >/dev/null 2>&1 || true
cap_stop

# nmap: stealth scans (FIN, XMAS, NULL) and a UDP scan. KDD's `nmap` rows are exactly such
# odd-flag TCP probes (state SH) plus ICMP/UDP probes, so they are labelled nmap.
cap_start portscan_stealth_udp
nsx timeout 90 nmap -sF -Pn -n -p 300-650   -T4 --max-retries 0 127.0.0.1 >/dev/null 2>&1 || true
nsx timeout 90 nmap -sX -Pn -n -p 2000-2250 -T3 --max-retries 0 127.0.0.1 >/dev/null 2>&1 || true
nsx timeout 90 nmap -sN -Pn -n -p 5000-5300 -T5 --max-retries 0 127.0.0.1 >/dev/null 2>&1 || true
nsx timeout 90 nmap -sU -Pn -n -p 110-240   -T4 --max-retries 0 127.0.0.1 >/dev/null 2>&1 || true
cap_stop

# guess_passwd: FTP password guessing against a pyftpdlib server with a real account. The
# attacker is 127.0.0.66: one guess per connection, three per connection (the server drops the
# connection after 3 failures), then 4 and 6 guessers in parallel, users alice/admin/root.
# Background: a legitimate FTP session and DNS lookups from 127.0.0.41 (labelled normal).
cap_start ftp_guess_passwd
( nsx $PY "$TOOLS" ftp-good 127.0.0.1 21 2 11 127.0.0.41 >/dev/null 2>&1 || true
  for n in $(seq 6); do nsx dig +short +tries=1 -b 127.0.0.41 @127.0.0.53 "host$n.example.org" >/dev/null 2>&1 || true; sleep 1; done ) &
BGJOB=$!
nsx timeout 60 $PY "$TOOLS" ftp-guess 127.0.0.1 21 alice 40 1 1 7  127.0.0.66 || true
nsx timeout 60 $PY "$TOOLS" ftp-guess 127.0.0.1 21 alice 60 3 1 8  127.0.0.66 || true
nsx timeout 60 $PY "$TOOLS" ftp-guess 127.0.0.1 21 admin 48 2 4 9  127.0.0.66 || true
nsx timeout 60 $PY "$TOOLS" ftp-guess 127.0.0.1 21 root  54 3 6 10 127.0.0.66 || true
wait $BGJOB || true
cap_stop

# teardrop: overlapping UDP fragments (hping3 can: same IP id via -N, first fragment with MF at
# offset 0, then a fragment at a byte offset -g inside the first one, sometimes a third).
cap_start teardrop
for i in $(seq 0 23); do
  id=$((7100 + i * 13)); dport=$((3000 + (i * 37) % 900)); sport=$((20000 + i * 11)); dst=127.0.0.$((2 + i % 4))
  ip netns exec "$NS" timeout 3 hping3 -q -2 -N $id -s $sport -k -p $dport -x -g 0 -d $((40 + (i % 5) * 8)) -c 1 $dst >/dev/null 2>&1 &
  sleep 0.05
  ip netns exec "$NS" timeout 3 hping3 -q -2 -N $id -s $sport -k -p $dport -g 24 -d 8 -c 1 $dst >/dev/null 2>&1 &
  if ((i % 3 == 0)); then sleep 0.05; ip netns exec "$NS" timeout 3 hping3 -q -2 -N $id -s $sport -k -p $dport -g 16 -d 4 -c 1 $dst >/dev/null 2>&1 & fi
  sleep 0.3
done
sleep 3.5
cap_stop

# =================================================================== BENIGN captures ======
# Web browsing over keep-alive HTTP/1.1 (ports 80 and 8000) from several client
# addresses, with 404s; then an HTTP/1.0 server that closes after every reply.
cap_start http_browsing
for k in $(seq 0 24); do
  src=127.0.0.$((10 + k % 6))
  if ((k % 4 == 3)); then web_visit "$src" http://127.0.0.1:8000; else web_visit "$src" http://127.0.0.1; fi
  ((k % 5 == 4)) && { nsx curl -s -o /dev/null --interface "$src" http://127.0.0.21/index.html http://127.0.0.21/static/site.css >/dev/null 2>&1 || true; }
  sleep 0.$((RANDOM % 9 + 1))
done
nsx curl -s -o /dev/null --interface 127.0.0.12 http://127.0.0.1/big.bin || true
cap_stop

# Browser-like sessions that are still open when the capture stops: idle keep-alive
# connections (S1), a request whose client has half-closed while the server is still working
# (S2), and connections the server closed but the client has not (S3), plus a download in
# progress. Three captures with different mixes.
for run in 1 2 3; do
  cap_start "http_open_at_end_$run"
  for k in $(seq $((3 + run * 2))); do web_visit 127.0.0.$((20 + run)) http://127.0.0.1; sleep 0.3; done
  bgh $PY "$TOOLS" hold-http 127.0.0.1 80 s1 $((2 + run * 2)) 127.0.0.$((20 + run))
  bgh $PY "$TOOLS" hold-http 127.0.0.1 80 s2 $((run)) 127.0.0.$((20 + run))
  bgh $PY "$TOOLS" hold-http 127.0.0.21 80 s3 $((1 + run)) 127.0.0.$((20 + run))
  bgh curl -s -o /dev/null --limit-rate $((3 + run))k --interface 127.0.0.$((20 + run)) http://127.0.0.1/big.bin
  sleep $((4 + run))
  cap_stop 0.5
  stop_holds
  sleep 1
done

# HTTPS on 443 (python, keep-alive) and 8443 (openssl s_server -WWW), curl -k, several clients;
# a slow download is still open at the end.
cap_start https_sessions
for k in $(seq 0 17); do
  src=127.0.0.$((30 + k % 5))
  if ((k % 3 == 2)); then
    nsx curl -sk -o /dev/null --max-time 10 --interface "$src" "https://127.0.0.1:8443/${PAGES[RANDOM % ${#PAGES[@]}]}" || true
  else
    web_visit "$src" https://127.0.0.1 -k
  fi
  sleep 0.$((RANDOM % 9 + 1))
done
bgh curl -sk -o /dev/null --limit-rate 4k --interface 127.0.0.31 https://127.0.0.1/big.bin
sleep 3
cap_stop 0.5
stop_holds

# SSH on 22 and 2222 with a key login: commands, scp both ways, and a session still open at the end.
cap_start ssh_sessions
for k in $(seq 0 11); do
  port=$((k % 3 == 2 ? 2222 : 22))
  case $((k % 4)) in
    0) nsx "${SSH[@]}" -p $port root@127.0.0.1 'uname -a; uptime; df -h / | tail -1' >/dev/null 2>&1 || true ;;
    1) nsx "${SCP[@]}" -P $port "$WORK/www/static/app.js" root@127.0.0.1:/tmp/nadtrain-upload.js >/dev/null 2>&1 || true ;;
    2) nsx "${SCP[@]}" -P $port root@127.0.0.1:"$WORK/www/img/photo2.png" "$WORK/dl.png" >/dev/null 2>&1 || true ;;
    3) nsx "${SSH[@]}" -p $port root@127.0.0.1 'ls -la /etc | head -40; cat /etc/os-release; sleep 1; ps aux | wc -l' >/dev/null 2>&1 || true ;;
  esac
  sleep 0.$((RANDOM % 9 + 1))
done
bgh "${SSH[@]}" -p 22 root@127.0.0.1 'echo start; sleep 30'
sleep 3
cap_stop 0.5
stop_holds
rm -f /tmp/nadtrain-upload.js

# DNS over UDP (A, AAAA, MX, names that do not exist) and NTP-like time queries.
cap_start dns_ntp
NAMES=(www.example.org mail.example.org api.example.net cdn.example.com intranet.corp.example
       ntp.example.org nothere.invalid printer.lan.example git.example.com wiki.example.com)
for k in $(seq 0 59); do
  t=(A A A AAAA MX A); nsx dig +tries=1 +time=1 -b 127.0.0.$((10 + k % 7)) @127.0.0.53 "${NAMES[RANDOM % ${#NAMES[@]}]}" "${t[k % 6]}" >/dev/null 2>&1 || true
  ((k % 4 == 0)) && nsx $PY "$TOOLS" ntp-client 127.0.0.123 123 1 0
  sleep 0.$((RANDOM % 5))
done
cap_stop

# FTP: successful logins with listings, downloads and uploads from three clients.
cap_start ftp_sessions
nsx $PY "$TOOLS" ftp-good 127.0.0.1 21 5 21 127.0.0.14 || true
nsx $PY "$TOOLS" ftp-good 127.0.0.1 21 4 22 127.0.0.15 || true
nsx $PY "$TOOLS" ftp-good 127.0.0.1 21 3 23 127.0.0.16 || true
cap_stop

# Mixed interleaving: web, HTTPS, DNS, SSH, FTP and NTP at the same time from several hosts,
# with keep-alive connections still open at the end.
cap_start mixed_office
MIX=()
( for k in $(seq 12); do web_visit 127.0.0.$((50 + k % 4)) http://127.0.0.1; sleep 0.4; done ) & MIX+=($!)
( for k in $(seq 8); do web_visit 127.0.0.$((54 + k % 2)) https://127.0.0.1 -k; sleep 0.7; done ) & MIX+=($!)
( for k in $(seq 25); do nsx dig +tries=1 +time=1 -b 127.0.0.$((50 + k % 6)) @127.0.0.53 "svc$k.example.org" >/dev/null 2>&1 || true; sleep 0.2; done ) & MIX+=($!)
( nsx "${SSH[@]}" -b 127.0.0.57 -p 22 root@127.0.0.1 'for i in 1 2 3; do date; sleep 1; done' >/dev/null 2>&1 || true ) & MIX+=($!)
( nsx $PY "$TOOLS" ftp-good 127.0.0.1 21 2 31 127.0.0.58 >/dev/null 2>&1 || true ) & MIX+=($!)
( nsx $PY "$TOOLS" ntp-client 127.0.0.123 123 5 0.8 || true ) & MIX+=($!)
for p in "${MIX[@]}"; do wait "$p" || true; done
bgh $PY "$TOOLS" hold-http 127.0.0.1 80 s1 3 127.0.0.51
sleep 2
cap_stop 0.5
stop_holds
stop_all

# ============================================================ feature rows (nad features) ====
# rows FILE LABEL [AWK-CONDITION]: the capture's rows labelled LABEL, restricted to the
# connections matching the condition on the endpoint columns that --with-endpoints adds after
# the label ($43 start time, $44 src, $45 sport, $46 dst, $47 dport; $2 protocol); with
# `bg` as 4th argument the other connections are written as normal. (background traffic).
rows() {
  local f=$OUT/$1.pcap.gz label=$2 cond=${3:-1} bg=${4:-}
  ./bin/run.js features -q --with-endpoints --label "$label" "$f" |
    awk -F, -v bg="$bg" -v OFS=, "{ if ($cond) print; else if (bg) { \$42=\"normal.\"; print } }" |
    cut -d, -f1-42
}
{
  rows syn_flood_closed_ports neptune. '$2=="tcp" && $46=="127.0.0.2"'
  rows syn_flood_open_ports   neptune. '$2=="tcp" && $44!="127.0.0.40" && $46!="127.0.0.40"' bg
  rows land                   land.    '$44==$46 && $45==$47'
  rows smurf_broadcast        smurf.   '$2=="icmp"'
  rows icmp_echo_flood        smurf.   '$2=="icmp"'
  rows portscan_syn_connect   portsweep.
  rows portscan_stealth_udp   nmap.
  rows ftp_guess_passwd       guess_passwd. '$2=="tcp" && $44=="127.0.0.66" && $47=="21"' bg
  rows teardrop               teardrop. '$2=="udp"'
  for f in http_browsing http_open_at_end_1 http_open_at_end_2 http_open_at_end_3 \
           https_sessions ssh_sessions dns_ntp ftp_sessions mixed_office; do
    rows "$f" normal.
  done
} >"$ROWS"
echo "wrote $(wc -l <"$ROWS") rows to $ROWS" >&2
awk -F, '{print $42}' "$ROWS" | sort | uniq -c >&2
du -cb "$OUT"/*.pcap.gz | tail -1 >&2
