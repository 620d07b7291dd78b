import { spawn } from 'node:child_process';

import { ownCpuSeconds, treeCpuSeconds } from '../../dev/bench/rig/cpu-accounting';

/** A parent that starts a child spinning for `ms`, then waits for it (the child's CPU is in the parent's tree). */
const PARENT = (ms: number) =>
  `const { spawn } = require('node:child_process');` +
  `const child = spawn(process.execPath, ['-e', 'const end = Date.now() + ${ms}; while (Date.now() < end);'], { stdio: 'ignore' });` +
  `child.on('exit', () => setTimeout(() => process.exit(0), 2000));`;

describe('treeCpuSeconds', () => {
  it("counts a process's descendants with it (twilio-run runs in tsx's child)", async () => {
    if (process.platform !== 'linux') {
      console.log('treeCpuSeconds reads /proc: not on this platform, where it answers null');
      expect(treeCpuSeconds(process.pid)).toBeNull();
      return;
    }
    const parent = spawn(process.execPath, ['-e', PARENT(400)], { stdio: 'ignore' });
    try {
      // Once the grandchild has spun and exited its ticks are gone from /proc: read while it still spins.
      let seen = 0;
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && seen < 0.2) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen = treeCpuSeconds(parent.pid) ?? 0;
      }
      expect(seen).toBeGreaterThanOrEqual(0.2);
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('answers null without a process to read', () => {
    expect(treeCpuSeconds(undefined)).toBeNull();
  });
});

describe('ownCpuSeconds', () => {
  it("grows with this process's own work", () => {
    const before = ownCpuSeconds();
    const end = Date.now() + 100;
    while (Date.now() < end);
    expect(ownCpuSeconds() - before).toBeGreaterThan(0.05);
  });
});
