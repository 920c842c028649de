// One fresh PouchDB device in its own process (16 of them pull at once): an empty in-memory
// database that replicates from the server when told "go".
'use strict';
const { PouchDB } = require('./common');
process.on('message', async (m) => {
  if (m.type !== 'go') return;
  try {
    const local = new PouchDB(`device-${process.pid}`, { adapter: 'memory' });
    const t0 = process.hrtime.bigint();
    const r = await local.replicate.from(m.url, { batch_size: m.batchSize });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    process.send({ type: 'done', seconds, docs: r.docs_written });
  } catch (e) {
    process.send({ type: 'error', message: String(e && e.stack || e) });
  }
});
process.send({ type: 'ready' });
process.on('disconnect', () => process.exit(0));
