import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time used by processes of the rig, so a figure can say where a machine's cores went (the burst is
 * CPU-bound on a small machine: which process needed how much is the explanation of its times). Read from
 * Linux's /proc (utime + stime of every process in a tree, in clock ticks of 10 ms); elsewhere `null`.
 */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU-seconds so far of the process `rootPid` and all its descendants (twilio-run runs in tsx's child); null off Linux. */
export function treeCpuSeconds(rootPid: number | undefined): number | null {
  if (rootPid === undefined || process.platform !== 'linux') return null;
  const processes = readProcesses();
  if (processes === null) return null;
  const inTree = new Set([rootPid]);
  // Parents are listed before their children only by chance: repeat until the tree stops growing.
  for (let grew = true; grew; ) {
    grew = false;
    for (const entry of processes) {
      if (!inTree.has(entry.pid) && inTree.has(entry.ppid)) {
        inTree.add(entry.pid);
        grew = true;
      }
    }
  }
  const ticks = processes.filter((entry) => inTree.has(entry.pid)).reduce((sum, entry) => sum + entry.ticks, 0);
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** This process's CPU-seconds so far (user + system). */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

interface ProcessTicks {
  pid: number;
  ppid: number;
  ticks: number;
}

function readProcesses(): ProcessTicks[] | null {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  return names.flatMap((name) => {
    try {
      // After the command's closing parenthesis: state, ppid, ... utime (14th field), stime (15th).
      const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ');
      return [{ pid: Number(name), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
    } catch {
      return []; // the process ended while we read
    }
  });
}
