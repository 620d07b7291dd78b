#!/usr/bin/env node
// `npm start` and `npm test` run this first (root package.json pre-scripts), so each works as the first
// command typed on a fresh clone: when node_modules is missing, or older than the lockfile, it installs
// exactly what package-lock.json says (npm ci) and says so in one line. Node built-ins only: nothing is
// installed yet when it runs.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const lockfile = path.join(root, 'package-lock.json');
// npm writes this file at the end of every install: its age is the install's.
const installed = path.join(root, 'node_modules', '.package-lock.json');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

const installedAt = mtime(installed);
const lockedAt = mtime(lockfile);
const reason = installedAt === undefined ? 'node_modules is missing' : lockedAt !== undefined && lockedAt > installedAt ? 'node_modules is older than package-lock.json' : undefined;
if (reason === undefined) process.exit(0);

console.log(`${reason}: installing the locked dependencies (npm ci, about 2 minutes)...`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit', env: { ...process.env, CI: 'true' } });
process.exit(result.status === null ? 1 : result.status);
