// The PouchDB server of the benchmark: express-pouchdb over in-memory databases on 127.0.0.1.
// Counts the HTTP requests it serves; the driver seeds it and reads its counters over IPC, so
// neither travels through the counting proxy.
'use strict';
const fs = require('fs');
const readline = require('readline');
const { PouchDB, req } = require('./common');
const express = req('express');

const MemPouch = PouchDB.defaults({ adapter: 'memory' });
const app = express();
let requests = 0;
app.use((rq, rs, next) => { requests++; next(); });
app.use('/', req('express-pouchdb')(MemPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: '/dev/null' }));

async function seed(db, file) {
  const target = new MemPouch(db);
  const lines = readline.createInterface({ input: fs.createReadStream(file) });
  let batch = [];
  let count = 0;
  for await (const line of lines) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    if (batch.length === 2000) { await target.bulkDocs(batch); count += batch.length; batch = []; }
  }
  if (batch.length) { await target.bulkDocs(batch); count += batch.length; }
  return count;
}

function peakKib() {
  const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : 0;
}

const server = app.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
server.keepAliveTimeout = 65000;
process.on('message', async (m) => {
  try {
    if (m.type === 'seed') process.send({ type: 'seeded', count: await seed(m.db, m.file) });
    else if (m.type === 'stats') process.send({ type: 'stats', requests, peakKib: peakKib() });
    else if (m.type === 'drop') { await new MemPouch(m.db).destroy(); process.send({ type: 'dropped' }); }
  } catch (e) {
    process.send({ type: 'error', message: String(e && e.stack || e) });
  }
});
process.on('disconnect', () => process.exit(0));
