# socket_multicast_sender.py of PyMOTW (seed 002 names it; the text is the well-known PyMOTW one), for tests.
#
# As published: sends b'very important data' to 224.3.29.71:10000 with TTL 1 packed into one byte, then
# prints every reply (recvfrom(16)) until none comes for 0.2 s. Only change: each print is flushed.
#
# Usage: python3 pymotw_sender.py

import socket
import struct
import sys

message = b'very important data'
multicast_group = ('224.3.29.71', 10000)

# Create the datagram socket
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

# Set a timeout so the socket does not block
# indefinitely when trying to receive data.
sock.settimeout(0.2)

# Set the time-to-live for messages to 1 so they do not
# go past the local network segment.
ttl = struct.pack('b', 1)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)

try:

    # Send data to the multicast group
    print('sending {!r}'.format(message), flush=True)
    sent = sock.sendto(message, multicast_group)

    # Look for responses from all recipients
    while True:
        print('waiting to receive', flush=True)
        try:
            data, server = sock.recvfrom(16)
        except socket.timeout:
            print('timed out, no more responses', flush=True)
            break
        else:
            print('received {!r} from {}'.format(
                data, server), flush=True)

finally:
    print('closing socket', flush=True)
    sock.close()
