# Not an origin program: a test tool that floods a multicast group and port with hostile datagrams at a
# steady rate, until a line (or end of input) arrives on stdin.
#
# What it sends, from a pool built once (so that sending costs little more than the system call): random
# bytes of any length up to 1400, and datagrams of Huddle's format from senders made up for the pool
# (messages in <room> and in other rooms, NACKs, hellos, probes), as they are, cut short, or with a bit
# flipped. None claims the id of a real node: an open room cannot tell a forged sender from a real one
# (docs/security.md), so such datagrams would test something else.
#
# Prints "flooding <group>:<port> at <rate>/s", then "sent <n>" about once a second, and at the end
# "sent <n> datagrams in <s> s (<r>/s)"; exits with 0.
#
# Usage: python3 flood.py <group> <port> <datagrams per second> <room>

import json
import os
import random
import select
import socket
import sys
import time

group, port, rate, room = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
POOL = 4096
BATCH_SECONDS = 0.01

rnd = random.Random(4844)


def made_up(kind):
    sender = '%016x' % rnd.getrandbits(64)
    seq = rnd.choice([2 + rnd.randrange(15), 1 + rnd.randrange(10**6)])
    fields = {'v': 1, 'type': kind, 'id': sender, 'handle': 'mallory',
              'room': rnd.choice([room, room, 'elsewhere', 'nowhere-' + str(rnd.randrange(100))]),
              'seq': seq, 'ts': int(time.time() * 1000), 'content': 'flood %d' % rnd.randrange(10**9)}
    if kind == 'nack':
        fields.update(content='', of='%016x' % rnd.getrandbits(64), missing=[[1, seq]])
    elif kind == 'hello':
        fields.update(room='', content='', seq=0, rooms={room: seq})
    elif kind == 'ping':
        fields.update(room='')
    return json.dumps(fields, separators=(',', ':')).encode('utf-8')


def mutated(datagram):
    how = rnd.randrange(3)
    if how == 0:
        return datagram
    if how == 1:
        return datagram[:rnd.randrange(len(datagram))]
    flipped = bytearray(datagram)
    flipped[rnd.randrange(len(flipped))] ^= 1 << rnd.randrange(8)
    return bytes(flipped)


pool = []
for _ in range(POOL):
    if rnd.random() < 0.25:
        pool.append(os.urandom(1 + rnd.randrange(1400)))
    else:
        pool.append(mutated(made_up(rnd.choice(['msg', 'msg', 'msg', 'nack', 'hello', 'ping']))))

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
target = (group, port)
per_batch = max(1, int(rate * BATCH_SECONDS))
print('flooding {}:{} at {}/s'.format(group, port, rate), flush=True)

sent = 0
errors = 0
start = time.monotonic()
next_batch = start
next_report = start + 1
while True:
    ready, _, _ = select.select([sys.stdin], [], [], 0)
    if ready:
        break  # a line or end of input: stop
    for i in range(per_batch):
        try:
            sock.sendto(pool[(sent + errors) % POOL], target)
            sent += 1
        except OSError:
            errors += 1  # a full send buffer: the next batch tries again
    now = time.monotonic()
    if now >= next_report:
        print('sent {}'.format(sent), flush=True)
        next_report += 1
    next_batch += BATCH_SECONDS
    if next_batch > now:
        time.sleep(next_batch - now)
    elif now - next_batch > 1:
        next_batch = now  # behind by more than a second: this is as fast as this host sends

elapsed = time.monotonic() - start
print('sent {} datagrams in {:.1f} s ({:.0f}/s), {} send errors'.format(sent, elapsed, sent / elapsed, errors),
      flush=True)
