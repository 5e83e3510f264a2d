/**
 * How long and how hard `npm run test:reliability` pushes. The defaults
 * are the promised figures (two minutes of load, a 30 s MongoDB outage)
 * and take about six minutes on two cores; RELIABILITY_QUICK=1 halves the
 * outages and the load for a local run of about four. RELIABILITY_SCALE
 * multiplies every duration and count; each RELIABILITY_* variable below
 * overrides one of them (see docs/reliability.md).
 */
export interface ReliabilitySettings {
  /** Mixed quiz workload at 50 connections, in s (120; 60 when quick). */
  loadSeconds: number;
  /**
   * Pace of the mixed workload, in requests/s over all 50 connections
   * (20); 0 sends as fast as answers come back.
   */
  loadRate: number;
  /** start_session requests at 10 connections (1000). */
  startRequests: number;
  /** How long MongoDB stays down, in s (30; 15 when quick). */
  mongoOutageSeconds: number;
  /** How long Redis stays down, in s (20; 10 when quick). */
  redisOutageSeconds: number;
  /** 50-way bursts per kind on the memory service (100). */
  memoryRepetitions: number;
  /** 50-way bursts per kind on the MongoDB service (100). */
  mongoRepetitions: number;
  /** Alternating write/read rounds per session, two instances (20). */
  alternatingRounds: number;
  /** Users of the outage and restart workloads (10). */
  outageWorkers: number;
}

const quick = flag('RELIABILITY_QUICK');
const scale = positive('RELIABILITY_SCALE', 1);

export const SETTINGS: ReliabilitySettings = {
  loadSeconds: scaled('RELIABILITY_LOAD_SECONDS', quick ? 60 : 120),
  loadRate: Math.round(positiveOrZero('RELIABILITY_LOAD_RATE', 20)),
  startRequests: scaled('RELIABILITY_START_REQUESTS', 1000),
  mongoOutageSeconds: scaled(
    'RELIABILITY_MONGO_OUTAGE_SECONDS',
    quick ? 15 : 30,
  ),
  redisOutageSeconds: scaled(
    'RELIABILITY_REDIS_OUTAGE_SECONDS',
    quick ? 10 : 20,
  ),
  memoryRepetitions: scaled('RELIABILITY_MEMORY_REPETITIONS', 100),
  mongoRepetitions: scaled('RELIABILITY_MONGO_REPETITIONS', 100),
  alternatingRounds: scaled('RELIABILITY_ALTERNATING_ROUNDS', 20),
  outageWorkers: Math.round(positive('RELIABILITY_OUTAGE_WORKERS', 10)),
};

/** A duration or count: the variable when set, else the default scaled. */
function scaled(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw ? positive(name, fallback) : fallback * scale;

  return Math.max(1, Math.round(value));
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;

  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number`);
  }
  return value;
}

function positiveOrZero(name: string, fallback: number): number {
  return process.env[name] === '0' ? 0 : positive(name, fallback);
}

function flag(name: string): boolean {
  return /^(1|true|yes)$/i.test(process.env[name] ?? '');
}
