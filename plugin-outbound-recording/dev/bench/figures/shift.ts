import { spawn } from 'node:child_process';
import { join } from 'node:path';

import type { Design } from '../agent/agent';
import type { ShiftResult } from '../shift/shift-runner';

/** Runs the long shift in a fresh Node process with --expose-gc (see shift-runner.ts). */
export function runShift(design: Design, tasks: number): Promise<ShiftResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, '..', 'shift', 'shift-runner.ts'), design, String(tasks)], {
      cwd: join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`The shift runner (${design}) failed with code ${code}:\n${stderr}`));
      try {
        resolve(JSON.parse(line) as ShiftResult);
      } catch {
        reject(new Error(`The shift runner (${design}) printed no result:\n${stdout}\n${stderr}`));
      }
    });
  });
}
