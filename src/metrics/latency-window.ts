/** Percentiles and counts over the most recent samples of one series. */
export interface LatencySummary {
  count: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

interface Sample {
  at: number;
  ms: number;
}

/**
 * Keeps the latest samples per series, at most `capacity` each, so
 * percentiles over a time window cost memory bounded by the capacity.
 */
export class LatencyWindow {
  private readonly series = new Map<string, Sample[]>();

  constructor(private readonly capacity = 2048) {}

  record(key: string, ms: number, at: number): void {
    const samples = this.series.get(key) ?? [];
    samples.push({ at, ms });
    if (samples.length > this.capacity) samples.shift();
    this.series.set(key, samples);
  }

  /** Summaries per series over samples taken since `since` (epoch ms). */
  summarize(since: number): Record<string, LatencySummary> {
    const result: Record<string, LatencySummary> = {};
    for (const [key, samples] of this.series) {
      const recent = samples.filter((s) => s.at >= since).map((s) => s.ms);
      if (recent.length > 0) result[key] = summarize(recent);
    }

    return result;
  }

  /** One summary over every series since `since`. */
  overall(since: number): LatencySummary {
    const all = [...this.series.values()]
      .flat()
      .filter((s) => s.at >= since)
      .map((s) => s.ms);

    return summarize(all);
  }
}

function summarize(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q: number): number =>
    sorted.length === 0
      ? 0
      : round(
          sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)],
        );

  return {
    count: sorted.length,
    p50_ms: pick(0.5),
    p95_ms: pick(0.95),
    p99_ms: pick(0.99),
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
