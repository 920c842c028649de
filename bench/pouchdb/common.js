// Shared by the PouchDB side of the benchmark: PouchDB with the in-memory adapter (the same on
// server and devices; it skips the disk entirely, which favours PouchDB) and a line protocol
// between processes over Node's IPC channel.
'use strict';
const path = require('path');
const scratch = process.env.TANDEM_BENCH_NPM || path.join(__dirname, '..', '.npm-scratch');
const req = (m) => require(path.join(scratch, 'node_modules', m));

const PouchDB = req('pouchdb');
PouchDB.plugin(req('pouchdb-adapter-memory'));

// One message from a child process, by type.
function waitFor(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (m && m.type === type) { child.off('message', onMessage); child.off('exit', onExit); resolve(m); }
      else if (m && m.type === 'error') { child.off('message', onMessage); child.off('exit', onExit); reject(new Error(m.message)); }
    };
    const onExit = (code) => reject(new Error(`child exited (${code}) before "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

module.exports = { PouchDB, req, waitFor };
