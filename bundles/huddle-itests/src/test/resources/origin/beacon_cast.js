// The Node caster of the peer-discovery post (seed 004, shared/seeds/004_a94c56a19b113531.txt), for tests.
//
// As in the text: an unbound udp4 socket that sends JSON.stringify({ username }) to 224.0.0.1:9778 every
// 2 s (the first after 2 s, as setInterval does). Changes: the username comes from the command line
// instead of being written into the code, require() instead of the ES import (Node 18 runs the file as it
// is), and no cluster fork of a listener (beacon_listen.js is that listener).
//
// Usage: node beacon_cast.js <username>

const dgram = require("dgram");

const MULTI_CAST_ADDR = "224.0.0.1";
const username = process.argv[2];

function cast() {
  const client = dgram.createSocket("udp4");
  setInterval(() => {
    const message = Buffer.from(JSON.stringify({ username: username }));
    client.send(message, 9778, MULTI_CAST_ADDR);
  }, 2000);
}

cast();
