// The Node listener of the peer-discovery post (seed 004, shared/seeds/004_a94c56a19b113531.txt), for tests.
//
// As in the text: a udp4 socket bound to port 9778 (no reuseAddr), addMembership("224.0.0.1") once bound,
// and one line per datagram, "server got: <msg> from <address>:<port>". Changes: require() instead of
// the text's ES import, so that Node 18 (Debian's) runs the file as it is; and the listener runs alone,
// without the text's cluster fork of a caster (beacon_cast.js is that caster, started on its own).
//
// Usage: node beacon_listen.js

const dgram = require("dgram");

const MULTI_CAST_ADDR = "224.0.0.1";

function listen() {
  const server = dgram.createSocket("udp4");
  server.on("message", (msg, rinfo) => {
    console.log(`server got: ${msg} from ${rinfo.address}:${rinfo.port}`);
  });
  server.bind(9778, (a) => {
    server.addMembership(MULTI_CAST_ADDR);
  });
  server.on("listening", () => {
    const address = server.address();
    console.log(`Listening on: ${address.address}:${address.port}`);
  });
}

listen();
