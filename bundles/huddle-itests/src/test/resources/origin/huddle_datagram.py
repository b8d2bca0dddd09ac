# Not an origin program: a test tool that sends one datagram of Huddle's wire format, as a peer on the LAN
# or an attacker elsewhere would, and prints what comes back to its socket.
#
#   <address>  where to send: a group (239.255.72.68, ff02::4844%lan0) or a host's unicast address
#              (10.77.0.1, fd07::1); the family follows the address
#   <wait-ms>  how long to collect replies after sending (0: none)
#   <type>     msg or ping; a msg has seq 1, a ping a random probe number
#   <handle> <room> <content>  the fields of the datagram; the sender id is random
#   [source]   an address of the host to send from (the socket is bound to it), else the system's choice
#
# Sent with TTL / hop limit 1 (what matters for groups; unicast is routed whatever it is). Prints
# "sent <n> bytes to <address>", one "reply from <source> <text>" per datagram received, then
# "replies <count>".
#
# Usage: python3 huddle_datagram.py <address> <port> <wait-ms> (msg|ping) <handle> <room> <content> [source]

import json
import random
import socket
import sys
import time

address, port, wait_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kind, handle, room, content = sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
source = sys.argv[8] if len(sys.argv) > 8 else None
if kind not in ('msg', 'ping'):
    sys.exit('unknown type ' + kind + ': msg or ping')
datagram = {'v': 1, 'type': kind, 'id': '%016x' % random.getrandbits(64), 'handle': handle, 'room': room,
            'seq': 1 if kind == 'msg' else random.getrandbits(62), 'ts': int(time.time() * 1000),
            'content': content}
data = json.dumps(datagram, separators=(',', ':'), ensure_ascii=False).encode('utf-8')

family, _, _, _, target = socket.getaddrinfo(address, port, 0, socket.SOCK_DGRAM)[0]
sock = socket.socket(family, socket.SOCK_DGRAM)
if source is not None:
    sock.bind((source, 0))
if family == socket.AF_INET6:
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
else:
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
sent = sock.sendto(data, target)
print('sent {} bytes to {}'.format(sent, address), flush=True)

replies = 0
deadline = time.monotonic() + wait_ms / 1000.0
while True:
    left = deadline - time.monotonic()
    if left <= 0:
        break
    sock.settimeout(left)
    try:
        reply, source = sock.recvfrom(65535)
    except socket.timeout:
        break
    except OSError as e:
        # An ICMP port unreachable for the datagram sent surfaces here: nobody listens there.
        print('error {}'.format(e), flush=True)
        continue
    replies += 1
    print('reply from {} {}'.format(source[0], reply.decode('utf-8', 'replace')), flush=True)
print('replies {}'.format(replies), flush=True)
