# Stand-in for the Rust caster of the peer-discovery post (seed 004, shared/seeds/004_a94c56a19b113531.txt):
# no Rust toolchain here, so this does in Python exactly what that program does on the wire.
#
# As in the text's cast(): UdpSocket::bind("0.0.0.0:0"), connect(224.0.0.1:9778),
# set_multicast_loop_v4(false) (so nothing on its own host hears it), then send the bytes of
# "{\"username\": \"<name>\"}" (a hand-written string, with the space after the colon) at once and every
# 2 s after. Change: the name comes from the command line instead of the literal "test". Prints nothing,
# as the original.
#
# Usage: python3 beacon_cast_rust.py <username>

import socket
import sys
import time

MULTI_CAST_ADDR = '224.0.0.1'


def cast(username):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(('0.0.0.0', 0))
    sock.connect((MULTI_CAST_ADDR, 9778))
    # Don't send messages to yourself.
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    data = '{"username": "' + username + '"}'
    while True:
        sock.send(data.encode('utf-8'))
        time.sleep(2)


cast(sys.argv[1])
