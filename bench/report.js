// Writes bench/RESULTS.md and bench/results.json from the two sides' figures: each workload
// side by side, the ratio Tandem/PouchDB, the issue's target and whether it is met, the machine.
//   node report.js --tandem T.json --pouchdb P.json --md RESULTS.md --json results.json --doc-bytes N
'use strict';
const fs = require('fs');
const os = require('os');
const { execSync } = require('child_process');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['tandem', 'pouchdb', 'md', 'json'])
  if (!args[k]) { console.error(`report.js: --${k} is required`); process.exit(2); }
const t = JSON.parse(fs.readFileSync(args.tandem, 'utf8'));
const p = JSON.parse(fs.readFileSync(args.pouchdb, 'utf8'));

const sh = (c) => { try { return execSync(c, { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } };
const machine = {
  cpu: (os.cpus()[0] || {}).model || 'unknown',
  cores: os.cpus().length,
  ram_gib: +(os.totalmem() / 2 ** 30).toFixed(1),
  os: sh(". /etc/os-release && echo \"$PRETTY_NAME\""),
  kernel: os.release(),
  node: process.version,
  pouchdb: (() => { try { const m = require('path').join(process.env.TANDEM_BENCH_NPM || require('path').join(__dirname, '.npm-scratch'), 'node_modules');
    return ['pouchdb', 'pouchdb-adapter-memory', 'express-pouchdb'].map((n) => `${n} ${require(`${m}/${n}/package.json`).version}`).join(', '); } catch { return 'unknown'; } })(),
  load_average_start: args['load-start'] || 'unknown',
  load_average_end: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  git: sh('git -C "' + __dirname + '" rev-parse --short HEAD') + (sh('git -C "' + __dirname + '" status --porcelain -- ../shared ../sync ../server') ? ' (with uncommitted changes)' : ''),
};

const per10k = (x) => 10000 / x.records;
const rows = [];
// better: 'higher' (ratio is Tandem/PouchDB of a rate) or 'lower' (of a time, a size or a count).
const row = (workload, unit, tv, pv, better, target, note) => {
  const ratio = pv ? tv / pv : null;
  let met = null;
  if (target && ratio !== null) met = better === 'higher' ? ratio >= target : ratio <= target;
  rows.push({ workload, unit, tandem: tv, pouchdb: pv, ratio, better, target, met, note: note || '' });
};
row('1. initial pull, 10,000 records', 'records/s', t.pull_10k.records_per_s, p.pull_10k.records_per_s, 'higher', 10);
row('1. initial pull, 100,000 records', 'records/s', t.pull_big.records_per_s, p.pull_big.records_per_s, 'higher', 10,
    p.pull_big.capped ? `PouchDB stopped at the ${p.pull_big.cap_seconds} s cap after ${p.pull_big.records} documents` : '');
row('2. push of 10,000 offline edits', 'changes/s', t.push_10k.changes_per_s, p.push_10k.changes_per_s, 'higher', 10);
row('3. incremental round: 100 edits pushed and pulled', 'ms', t.incremental_100.ms_median, p.incremental_100.ms_median, 'lower', 0.2);
row('4. empty round', 'ms', t.empty_round.ms_median, p.empty_round.ms_median, 'lower', 0.2);
row('5. bytes up per 10,000 records pulled', 'bytes', t.pull_10k.bytes_up * per10k(t.pull_10k), p.pull_10k.bytes_up * per10k(p.pull_10k), 'lower', 0.5);
row('5. bytes down per 10,000 records pulled', 'bytes', t.pull_10k.bytes_down * per10k(t.pull_10k), p.pull_10k.bytes_down * per10k(p.pull_10k), 'lower', 0.5);
row('5. bytes up per 10,000 edits pushed', 'bytes', t.push_10k.bytes_up * 10000 / t.push_10k.changes, p.push_10k.bytes_up * 10000 / p.push_10k.changes, 'lower', 0.5);
row('5. bytes down per 10,000 edits pushed', 'bytes', t.push_10k.bytes_down * 10000 / t.push_10k.changes, p.push_10k.bytes_down * 10000 / p.push_10k.changes, 'lower', 0.5);
row('5. requests per 100 records pulled', 'requests', t.pull_10k.requests * 100 / t.pull_10k.records, p.pull_10k.requests * 100 / p.pull_10k.records, 'lower');
row('5. requests per 100 edits pushed', 'requests', t.push_10k.requests * 100 / t.push_10k.changes, p.push_10k.requests * 100 / p.push_10k.changes, 'lower');
row('6. 16 fresh devices pulling 10,000 at once', 'records/s (all)', t.devices_16.records_per_s, p.devices_16.records_per_s, 'higher', null,
    `wall time ${t.devices_16.seconds.toFixed(2)} s vs ${p.devices_16.seconds.toFixed(2)} s`);

// Workload 7's CPU split and its paced run (absent from results written before they existed).
const cpuPerSync = (d) => d.server_cpu_ms_per_sync === undefined ? '' :
  `; CPU per sync: server ${d.server_cpu_ms_per_sync.toFixed(2)} ms, the devices (same machine) ${d.device_cpu_ms_per_sync.toFixed(2)} ms`;
const paced = (d) => !d.paced ? '' :
  `| 7. the same devices arriving at random, at half that rate (${d.paced.syncs} syncs) | ${Math.round(d.paced.syncs_per_s)} syncs/s, p50 ${d.paced.p50_ms.toFixed(0)} ms, p99 ${d.paced.p99_ms.toFixed(0)} ms, max ${d.paced.max_ms.toFixed(0)} ms, ${d.paced.errors} errors |\n`;

const targets = [
  { target: '100,000 records pulled in under 1.5 s', value: `${t.pull_big.seconds.toFixed(2)} s`, met: t.pull_big.seconds < 1.5 },
  { target: '500 concurrent devices: no errors', value: `${t.devices_500.errors} errors`, met: t.devices_500.errors === 0 },
  { target: '500 concurrent devices: p99 under 250 ms', value: `p99 ${t.devices_500.p99_ms.toFixed(0)} ms`, met: t.devices_500.p99_ms < 250 },
  { target: 'device peak memory within 200 MB during the 100,000 pull', value: `${(t.memory.device_peak_kib / 1024).toFixed(0)} MiB`, met: t.memory.device_peak_kib * 1024 <= 200e6 },
];

const fmt = (v, unit) => {
  if (v === null || v === undefined) return '–';
  if (unit === 'ms') return v.toFixed(1);
  if (unit === 'requests') return v.toFixed(2);
  return Math.round(v).toLocaleString('en-GB');
};
const cpu = (x) => (x.device_cpu_s === undefined ? 'not measured'
  : `device ${x.device_cpu_s.toFixed(2)} s + server ${x.server_cpu_s.toFixed(2)} s`);
const yes = (m) => (m === null ? '–' : m ? 'met' : '**missed**');
let md = `# Benchmark results: Tandem against PouchDB

Written by \`bench/run.sh\` on ${machine.date}. Do not edit by hand: run it again.

Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ram_gib} GiB RAM, ${machine.os} (Linux ${machine.kernel}),
Node ${machine.node}, ${machine.pouchdb}. Load average (1, 5, 15 min) ${machine.load_average_start} at the start,
${machine.load_average_end} at the end: other work on the machine slows both sides. Tandem at ${machine.git}, Release build.

Data: generated actions, progress updates and audit returns with answers over 14 agencies of one
partnership, the same records on both sides (about ${args['doc-bytes'] || '?'} bytes of JSON per record as a
PouchDB document). Tandem's pulls also carry the partnership's 15 agency records.

## Workloads 1-6 side by side

Ratio is Tandem ÷ PouchDB of the figure in that row's unit. Target from issue 4: pull and push
at least 10× PouchDB's rate; rounds at most 0.2× PouchDB's latency (5× lower); bytes at most 0.5×.

| workload | unit | Tandem | PouchDB | ratio | target | |
|---|---|---:|---:|---:|---:|---|
`;
for (const r of rows)
  md += `| ${r.workload} | ${r.unit} | ${fmt(r.tandem, r.unit)} | ${fmt(r.pouchdb, r.unit)} | ${r.ratio === null ? '–' : r.ratio.toFixed(2)} | ${r.target ? (r.better === 'higher' ? '≥ ' : '≤ ') + r.target : '–'} | ${yes(r.met)}${r.note ? ' (' + r.note + ')' : ''} |\n`;

md += `
Times: pull 10,000 ${t.pull_10k.seconds.toFixed(3)} s (Tandem, median of 3) vs ${p.pull_10k.seconds.toFixed(3)} s (PouchDB);
pull ${t.pull_big.records.toLocaleString('en-GB')} ${t.pull_big.seconds.toFixed(3)} s vs ${p.pull_big.seconds.toFixed(3)} s${p.pull_big.capped ? ' (capped)' : ''};
push 10,000 ${t.push_10k.seconds.toFixed(3)} s vs ${p.push_10k.seconds.toFixed(3)} s.

CPU time of Tandem's pulls (it holds still when other work on the machine stretches the wall
clock): 10,000 records ${cpu(t.pull_10k)}; ${t.pull_big.records.toLocaleString('en-GB')} records ${cpu(t.pull_big)}.

## Tandem only

| workload | figure |
|---|---|
| 7. ${t.devices_500.devices} devices syncing at once (${t.devices_500.syncs} syncs, each one edit pushed then a pull) | ${Math.round(t.devices_500.syncs_per_s)} syncs/s, p50 ${t.devices_500.p50_ms.toFixed(0)} ms, p99 ${t.devices_500.p99_ms.toFixed(0)} ms, max ${t.devices_500.max_ms.toFixed(0)} ms, ${t.devices_500.errors} errors${cpuPerSync(t.devices_500)} |
${paced(t.devices_500)}| 8. merge decision alone (\`decide()\`, in-process) | ${(t.merge.changes_per_s / 1e6).toFixed(1)} million changes/s |
| 9. peak memory during the ${t.pull_big.records.toLocaleString('en-GB')}-record pull | device ${(t.memory.device_peak_kib / 1024).toFixed(0)} MiB, server ${(t.memory.server_peak_kib / 1024).toFixed(0)} MiB (PouchDB server ${(p.pull_big.server_peak_kib / 1024).toFixed(0)} MiB) |

## Absolute targets

| target | figure | |
|---|---|---|
`;
for (const x of targets) md += `| ${x.target} | ${x.value} | ${yes(x.met)} |\n`;

md += `
## How it is measured

- Both servers run as their own process on 127.0.0.1: \`tandem-server serve\` on a data directory
  seeded through the server's store API, express-pouchdb in Node. Devices use the real sync
  engine (Tandem: replica file on disk with its own durability settings; server store
  \`synchronous=FULL\`) and PouchDB's replicator.
- **PouchDB is favoured**: the memory adapter on both its server and its devices (no disk at
  all, where Tandem writes SQLite files on both sides and fsyncs every server commit), and a
  replication batch size of 1,000 (the same as Tandem's page; PouchDB's default is 100).
- Bytes are counted on the socket by a TCP proxy in its own thread or process between device and
  server, so they are what is sent after compression. Requests are counted by the device's
  transport (Tandem) and by the server (PouchDB).
- Pulls of the device measured for memory run in a child process (\`tandem-bench device-pull\`);
  the peak is its VmHWM, the server's is read from /proc while it runs.
- A round is one device pushing then pulling. The incremental round is the editing device's round
  then the receiving device's round; Tandem's round is \`SyncEngine::sync()\`, PouchDB's is
  \`replicate.to\` then \`replicate.from\`. Workload 6 uses 16 threads in one process (Tandem) and
  16 Node processes (PouchDB, whose client is single-threaded), each without the proxy.
- Workload 7: ${t.devices_500.devices} devices of 56 practitioners are signed in, pull their scope and sync one edit
  first (devices in use, not just opened); then all start at
  once and sync, three rounds; before each round every device makes one edit (not timed, and
  outside the CPU counted: real devices make their edits on their own machines). Latency is per
  sync. The paced run spreads each round's syncs at random over twice the time the burst took.
  Their replicas are in \`/dev/shm\`: 500 real devices have 500 disks, here they would queue on one.
- Workload 8 runs \`decide()\` 5 million times over 1,024 prepared cases (sequential, concurrent,
  same value, higher and lower precedence, no current value).
`;
// What limits each figure is written by people, in bench/NOTES.md, and carried into every run.
const notes = require('path').join(__dirname, 'NOTES.md');
if (fs.existsSync(notes)) md += `\n## Notes\n\n${fs.readFileSync(notes, 'utf8').trim()}\n`;
fs.writeFileSync(args.md, md);
fs.writeFileSync(args.json, JSON.stringify({ machine, comparison: rows, targets, tandem: t, pouchdb: p }, null, 2) + '\n');
console.log(md);
