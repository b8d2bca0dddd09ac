# Not an origin program: a test tool that sends one datagram, to show how the origin programs fail.
#
#   text <text>                 the UTF-8 bytes of <text>
#   backchannel <handle> <size> a well-formed backchannel message ({client_id, handle, content}, content
#                               'x' repeated) of exactly <size> bytes
#   hex <hex>                   the bytes written in hex (a datagram captured with sniff.py, sent again)
#
# Sent to <group>:<port> with TTL 1 from an unbound socket; prints "sent <n> bytes".
#
# Usage: python3 send_datagram.py <group> <port> (text <text> | backchannel <handle> <size> | hex <hex>)

import json
import socket
import sys

group, port, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if kind == 'text':
    data = sys.argv[4].encode('utf-8')
elif kind == 'backchannel':
    handle, size = sys.argv[4], int(sys.argv[5])
    empty = json.dumps({'client_id': 'feedc0ffee', 'handle': handle, 'content': ''}).encode('utf-8')
    data = json.dumps({'client_id': 'feedc0ffee', 'handle': handle,
                       'content': 'x' * (size - len(empty))}).encode('utf-8')
elif kind == 'hex':
    data = bytes.fromhex(sys.argv[4])
else:
    sys.exit('unknown kind ' + kind + ': text, backchannel or hex')
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
sent = sock.sendto(data, (group, port))
print('sent {} bytes'.format(sent), flush=True)
