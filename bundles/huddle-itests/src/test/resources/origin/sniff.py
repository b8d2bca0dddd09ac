# Not an origin program: a test tool that listens like any host on the LAN could, to show what a room
# gives away. Joins <group> on every interface (INADDR_ANY), binds <port> and prints one line per
# datagram: "datagram <length> <hex>", flushed, after a first line "listening".
#
# Usage: python3 sniff.py <group> <port>

import binascii
import socket
import struct
import sys

group, port = sys.argv[1], int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('', port))
sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                struct.pack('4sL', socket.inet_aton(group), socket.INADDR_ANY))
print('listening', flush=True)
while True:
    data, _ = sock.recvfrom(65535)
    print('datagram {} {}'.format(len(data), binascii.hexlify(data).decode('ascii')), flush=True)
