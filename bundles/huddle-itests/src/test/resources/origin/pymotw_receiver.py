# socket_multicast_receiver.py of PyMOTW (seed 002, shared/seeds/002_222b412b3873cf30.txt), for tests.
#
# As in the text: bind ('', 10000), join 224.3.29.71 on INADDR_ANY with a '4sL' mreq, recvfrom(1024),
# print what came and from where, and answer every datagram with a unicast b'ack'. Only change: each
# print is flushed, so that a test reading the pipe sees the lines as they happen.
#
# Usage: python3 pymotw_receiver.py

import socket
import struct
import sys

multicast_group = '224.3.29.71'
server_address = ('', 10000)

# Create the socket
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

# Bind to the server address
sock.bind(server_address)

# Tell the operating system to add the socket to
# the multicast group on all interfaces.
group = socket.inet_aton(multicast_group)
mreq = struct.pack('4sL', group, socket.INADDR_ANY)
sock.setsockopt(
    socket.IPPROTO_IP,
    socket.IP_ADD_MEMBERSHIP,
    mreq)

# Receive/respond loop
while True:
    print('\nwaiting to receive message', flush=True)
    data, address = sock.recvfrom(1024)

    print('received {} bytes from {}'.format(
        len(data), address), flush=True)
    print(data, flush=True)

    print('sending acknowledgement to', address, flush=True)
    sock.sendto(b'ack', address)
