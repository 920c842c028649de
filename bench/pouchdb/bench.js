// The PouchDB side of the benchmark: workloads 1-6 of issue 4 with the same generated records
// (as documents), PouchDB replicating from and to an express-pouchdb server on 127.0.0.1.
//   node bench.js --docs10k FILE --docs100k FILE --out FILE [--cap-seconds 180]
'use strict';
const { fork } = require('child_process');
const fs = require('fs');
const path = require('path');
const { PouchDB, waitFor } = require('./common');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['docs10k', 'docs100k', 'out'])
  if (!args[k]) { console.error(`bench.js: --${k} is required`); process.exit(2); }
const capSeconds = Number(args['cap-seconds'] || 180);
const BATCH = 1000;  // the same page size as Tandem's pull (PouchDB's default is 100)

const say = (s) => console.log(`[pouchdb] ${s}`);
const now = () => Number(process.hrtime.bigint()) / 1e9;
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const percentile = (v, p) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.round(p / 100 * (s.length - 1)))]; };
let deviceNo = 0;
const freshDevice = () => new PouchDB(`device-${++deviceNo}`, { adapter: 'memory' });

async function main() {
  const server = fork(path.join(__dirname, 'server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await waitFor(server, 'listening');
  const proxy = fork(path.join(__dirname, 'proxy.js'), [String(port)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const proxyPort = (await waitFor(proxy, 'listening')).port;
  const viaProxy = (db) => `http://127.0.0.1:${proxyPort}/${db}`;
  const direct = (db) => `http://127.0.0.1:${port}/${db}`;
  const counters = async () => {
    proxy.send({ type: 'bytes' });
    const b = await waitFor(proxy, 'bytes');
    server.send({ type: 'stats' });
    const s = await waitFor(server, 'stats');
    return { up: b.up, down: b.down, requests: s.requests, serverPeakKib: s.peakKib };
  };
  const measure = async (fn) => {
    const before = await counters();
    const t0 = now();
    const result = await fn();
    const seconds = now() - t0;
    const after = await counters();
    return { seconds, result, bytes_up: after.up - before.up, bytes_down: after.down - before.down,
             requests: after.requests - before.requests };
  };
  const seed = async (db, file) => {
    const t0 = now();
    server.send({ type: 'seed', db, file });
    const { count } = await waitFor(server, 'seeded');
    say(`seeded ${count} documents into ${db} in ${(now() - t0).toFixed(2)} s`);
    return count;
  };
  const out = {};

  await seed('bench10k', args.docs10k);
  // Workload 1: initial pull of 10,000 into an empty device.
  const pulls = [];
  let a;
  for (let i = 0; i < 3; i++) {
    a = freshDevice();
    const m = await measure(() => a.replicate.from(viaProxy('bench10k'), { batch_size: BATCH }));
    pulls.push({ seconds: m.seconds, records: m.result.docs_written, requests: m.requests, bytes_up: m.bytes_up,
                 bytes_down: m.bytes_down, records_per_s: m.result.docs_written / m.seconds });
  }
  pulls.sort((x, y) => x.seconds - y.seconds);
  out.pull_10k = { ...pulls[1], runs_seconds: pulls.map((p) => p.seconds) };
  say(`pull 10k (median of 3): ${out.pull_10k.seconds.toFixed(3)} s, ${out.pull_10k.records_per_s.toFixed(0)} docs/s, ` +
      `${out.pull_10k.requests} requests, up ${out.pull_10k.bytes_up} B, down ${out.pull_10k.bytes_down} B`);

  // Workload 6: 16 fresh devices, each its own process, pulling 10,000 at once.
  const devices = [];
  for (let i = 0; i < 16; i++) {
    const d = fork(path.join(__dirname, 'device.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    devices.push(d);
  }
  await Promise.all(devices.map((d) => waitFor(d, 'ready')));
  let t0 = now();
  const done = await Promise.all(devices.map((d) => {
    const w = waitFor(d, 'done');
    d.send({ type: 'go', url: direct('bench10k'), batchSize: BATCH });
    return w;
  }));
  const s16 = now() - t0;
  devices.forEach((d) => d.disconnect());
  const docs16 = done.reduce((n, d) => n + d.docs, 0);
  out.devices_16 = { devices: 16, seconds: s16, records: docs16, records_per_s: docs16 / s16, errors: 0 };
  say(`16 fresh devices pulling at once: ${s16.toFixed(3)} s for ${docs16} documents (${(docs16 / s16).toFixed(0)} docs/s)`);

  // Workload 2: 10,000 offline edits (one field of each document), pushed.
  const docs = (await a.allDocs({ include_docs: true })).rows.map((r) => r.doc);
  docs.forEach((d, i) => { d.fields.progress = `Round 0, edit ${i}: joint visits started with health; the audit of case files is booked.`; });
  await a.bulkDocs(docs);
  let m = await measure(() => a.replicate.to(viaProxy('bench10k'), { batch_size: BATCH }));
  out.push_10k = { changes: m.result.docs_written, seconds: m.seconds, changes_per_s: m.result.docs_written / m.seconds,
                   requests: m.requests, bytes_up: m.bytes_up, bytes_down: m.bytes_down };
  say(`push 10k edits: ${m.seconds.toFixed(3)} s, ${out.push_10k.changes_per_s.toFixed(0)} docs/s, ${m.requests} requests, ` +
      `up ${m.bytes_up} B, down ${m.bytes_down} B`);
  await a.replicate.from(viaProxy('bench10k'), { batch_size: BATCH });

  // Workload 3: 100 edits pushed by one device and pulled by another (each does push then pull).
  const b = freshDevice();
  await b.replicate.from(viaProxy('bench10k'), { batch_size: BATCH });
  const round = async (d) => {
    await d.replicate.to(viaProxy('bench10k'), { batch_size: BATCH });
    return d.replicate.from(viaProxy('bench10k'), { batch_size: BATCH });
  };
  const rounds = [];
  let incUp = 0, incDown = 0, incReq = 0;
  for (let r = 1; r <= 5; r++) {
    const some = (await a.allDocs({ include_docs: true, limit: 100, skip: r * 100 })).rows.map((x) => x.doc);
    some.forEach((d, i) => { d.fields.progress = `Round ${r}, edit ${i}: joint visits started with health; the audit of case files is booked.`; });
    await a.bulkDocs(some);
    m = await measure(async () => { await round(a); return round(b); });
    if (m.result.docs_written < 100) throw new Error(`incremental round moved ${m.result.docs_written} documents`);
    rounds.push(m.seconds * 1000);
    incUp += m.bytes_up; incDown += m.bytes_down; incReq += m.requests;
  }
  out.incremental_100 = { ms_median: median(rounds), ms_runs: rounds, bytes_up: incUp / 5, bytes_down: incDown / 5, requests: incReq / 5 };
  say(`incremental round (100 edits pushed by one device, pulled by another), median of 5: ${median(rounds).toFixed(1)} ms`);

  // Workload 4: a round with nothing changed.
  const empty = [];
  let eUp = 0, eDown = 0, eReq = 0;
  for (let i = 0; i < 20; i++) {
    m = await measure(() => round(a));
    empty.push(m.seconds * 1000);
    eUp += m.bytes_up; eDown += m.bytes_down; eReq += m.requests;
  }
  out.empty_round = { ms_median: median(empty), ms_p90: percentile(empty, 90), requests: eReq / 20, bytes_up: eUp / 20, bytes_down: eDown / 20 };
  say(`empty round, median of 20: ${median(empty).toFixed(2)} ms, ${eReq / 20} requests`);
  server.send({ type: 'drop', db: 'bench10k' });
  await waitFor(server, 'dropped');

  // Workload 1 (big): 100,000 documents, stopped at the cap if PouchDB takes longer.
  const bigCount = await seed('bench100k', args.docs100k);
  const big = freshDevice();
  let written = 0;
  const before = await counters();
  t0 = now();
  const rep = big.replicate.from(viaProxy('bench100k'), { batch_size: BATCH });
  rep.on('change', (info) => { written = info.docs_written; });
  let capped = false;
  const timer = setTimeout(() => { capped = true; rep.cancel(); }, capSeconds * 1000);
  await new Promise((resolve, reject) => { rep.on('complete', resolve); rep.on('error', reject); });
  clearTimeout(timer);
  const sBig = now() - t0;
  const after = await counters();
  if (!capped) written = (await big.info()).doc_count;
  out.pull_big = { records: written, target_records: bigCount, seconds: sBig, records_per_s: written / sBig, capped,
                   cap_seconds: capSeconds, requests: after.requests - before.requests,
                   bytes_up: after.up - before.up, bytes_down: after.down - before.down,
                   server_peak_kib: after.serverPeakKib,
                   device_peak_kib: Number((/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8')) || [0, 0])[1]) };
  say(`pull ${bigCount}: ${capped ? `capped at ${capSeconds} s with ${written} documents` : `${sBig.toFixed(3)} s`}, ` +
      `${out.pull_big.records_per_s.toFixed(0)} docs/s, server peak ${(after.serverPeakKib / 1024).toFixed(0)} MiB`);

  fs.writeFileSync(args.out, JSON.stringify(out, null, 2) + '\n');
  server.disconnect();
  proxy.disconnect();
}

main().catch((e) => { console.error(`bench.js: ${e && e.stack || e}`); process.exit(1); });
