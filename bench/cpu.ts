// CPU accounting for a processor run (Linux /proc; nulls elsewhere): this Node process, the
// bench's own PostgreSQL (its postmaster and the backends it forked), and everything else on the
// machine, so a reader can tell a slow figure from a busy machine.
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readStat(pid: string): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" "); // fields[0] is field 3 (state)
    return {
      pid: Number(pid),
      comm: stat.slice(stat.indexOf("(") + 1, close),
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]), // utime + stime
    };
  } catch {
    return null; // ended between readdir and read
  }
}

/** CPU seconds used so far by the postmaster serving `dataDir` and its children. */
export function postgresCpuSeconds(dataDir: string | undefined): number | null {
  if (!dataDir) return null;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  const stats = pids.map(readStat).filter((s): s is ProcStat => s !== null && s.comm === "postgres");
  const postmaster = stats.find((s) => {
    try {
      return readFileSync(`/proc/${s.pid}/cmdline`, "utf8").split("\0").includes(dataDir);
    } catch {
      return false;
    }
  });
  if (!postmaster) return null;
  const ticks = stats.filter((s) => s.pid === postmaster.pid || s.ppid === postmaster.pid).reduce((n, s) => n + s.ticks, 0);
  return ticks / TICKS_PER_SECOND;
}

/** CPU seconds used so far by a process and its children (e.g. `next start` and the server it forks). */
export function processTreeCpuSeconds(rootPid: number): number | null {
  let stats: ProcStat[];
  try {
    stats = readdirSync("/proc").filter((p) => /^\d+$/.test(p)).map(readStat).filter((s): s is ProcStat => s !== null);
  } catch {
    return null;
  }
  const inTree = new Set([rootPid]);
  // Parents before children is not guaranteed by pid order: repeat until no process joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) {
      if (inTree.has(s.pid) || !inTree.has(s.ppid)) continue;
      inTree.add(s.pid);
      grew = true;
    }
  }
  const ticks = stats.filter((s) => inTree.has(s.pid)).reduce((n, s) => n + s.ticks, 0);
  return stats.some((s) => s.pid === rootPid) ? ticks / TICKS_PER_SECOND : null;
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineBusySeconds(): number | null {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu;
    void idle;
    void iowait;
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export interface CpuSample {
  node: NodeJS.CpuUsage;
  postgres: number | null;
  machine: number | null;
  at: number;
}

export function sampleCpu(dataDir: string | undefined): CpuSample {
  return { node: process.cpuUsage(), postgres: postgresCpuSeconds(dataDir), machine: machineBusySeconds(), at: performance.now() };
}

/** CPU seconds used between two samples, each also as a share of one core over the wall time. */
export function cpuBetween(a: CpuSample, b: CpuSample) {
  const wallS = (b.at - a.at) / 1000;
  const nodeS = (b.node.user - a.node.user + b.node.system - a.node.system) / 1e6;
  // A backend that ended between the samples takes its ticks with it: a drop means unknown.
  const postgresS = a.postgres === null || b.postgres === null || b.postgres < a.postgres ? null : b.postgres - a.postgres;
  const machineS = a.machine === null || b.machine === null ? null : b.machine - a.machine;
  const otherS = machineS === null || postgresS === null ? null : Math.max(0, machineS - nodeS - postgresS);
  const pct = (s: number | null) => (s === null ? null : (100 * s) / wallS);
  return { wallS, nodeS, postgresS, otherS, nodeCorePct: pct(nodeS)!, postgresCorePct: pct(postgresS), otherCorePct: pct(otherS) };
}
