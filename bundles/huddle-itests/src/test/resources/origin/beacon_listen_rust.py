# Stand-in for the Rust listener of the peer-discovery post (seed 004, shared/seeds/004_a94c56a19b113531.txt):
# no Rust toolchain here, so this does in Python exactly what that program does on the wire and on stdout.
#
# As in the text's listen(): UdpSocket::bind("0.0.0.0:9778") (no SO_REUSEADDR, as std's bind), print
# "Listening on: 0.0.0.0:9778", join_multicast_v4(224.0.0.1, 0.0.0.0), then for each datagram: recv_from
# into a fresh 120-byte buffer (a longer datagram is cut to 120 bytes, as recvfrom does for Rust too),
# String::from_utf8(..).unwrap() and println!("server got: {} from {}", message, origin). A datagram that
# is not valid UTF-8 (or whose cut ends inside a character) makes unwrap() panic: the stand-in prints
# Rust's panic message on stderr and exits with Rust's panic exit code, 101. println! flushes each line
# (Rust's stdout is line-buffered even into a pipe), so every print here is flushed.
#
# Usage: python3 beacon_listen_rust.py

import socket
import struct
import sys

MULTI_CAST_ADDR = '224.0.0.1'
RUST_PANIC_EXIT = 101


def from_utf8_unwrap(data):
    try:
        return data.decode('utf-8', errors='strict')
    except UnicodeDecodeError as e:
        # The shape of Rust's FromUtf8Error: how much was valid, and the length of the bad sequence
        # (None when the bytes ran out inside a character).
        error_len = 'None' if e.reason == 'unexpected end of data' else 'Some({})'.format(e.end - e.start)
        print("thread 'main' panicked at src/main.rs:15:59:\n"
              "called `Result::unwrap()` on an `Err` value: FromUtf8Error {{ bytes: {}, error: Utf8Error"
              " {{ valid_up_to: {}, error_len: {} }} }}\n"
              "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace"
              .format(list(data), e.start, error_len), file=sys.stderr, flush=True)
        sys.exit(RUST_PANIC_EXIT)


def listen():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(('0.0.0.0', 9778))
    print('Listening on: {}:{}'.format(*sock.getsockname()), flush=True)
    mreq = socket.inet_aton(MULTI_CAST_ADDR) + socket.inet_aton('0.0.0.0')
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    while True:
        data, origin = sock.recvfrom(120)
        message = from_utf8_unwrap(data)
        print('server got: {} from {}:{}'.format(message, origin[0], origin[1]), flush=True)


listen()
