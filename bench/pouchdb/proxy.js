// A TCP proxy on 127.0.0.1 counting the bytes each way as they pass on the socket (after
// compression), in its own process so that it takes no time from the device or the server.
'use strict';
const net = require('net');
const target = Number(process.argv[2]);
let up = 0, down = 0;
const server = net.createServer((client) => {
  client.setNoDelay(true);
  const upstream = net.connect(target, '127.0.0.1');
  upstream.setNoDelay(true);
  client.on('data', (d) => { up += d.length; });
  upstream.on('data', (d) => { down += d.length; });
  client.pipe(upstream);
  upstream.pipe(client);
  const end = () => { client.destroy(); upstream.destroy(); };
  client.on('error', end);
  upstream.on('error', end);
});
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
process.on('message', (m) => { if (m.type === 'bytes') process.send({ type: 'bytes', up, down }); });
process.on('disconnect', () => process.exit(0));
