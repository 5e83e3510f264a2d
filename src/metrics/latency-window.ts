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

/** The latest samples of one series, overwriting the oldest when full. */
class Ring {
  private readonly samples: Sample[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(sample: Sample): void {
    if (this.samples.length < this.capacity) this.samples.push(sample);
    else this.samples[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
  }

  since(at: number): Sample[] {
    return this.samples.filter((sample) => sample.at >= at);
  }
}

/**
 * Keeps the latest samples per series, at most `capacity` each, so
 * percentiles over a time window cost memory bounded by the capacity and
 * recording one costs the same however full the window is.
 */
export class LatencyWindow {
  private readonly series = new Map<string, Ring>();

  constructor(private readonly capacity = 2048) {}

  record(key: string, ms: number, at: number): void {
    let ring = this.series.get(key);
    if (!ring) {
      ring = new Ring(this.capacity);
      this.series.set(key, ring);
    }
    ring.push({ at, ms });
  }

  /** Summaries per series over samples taken since `since` (epoch ms). */
  summarize(since: number): Record<string, LatencySummary> {
    const result: Record<string, LatencySummary> = {};
    for (const [key, ring] of this.series) {
      const recent = ring.since(since).map((s) => s.ms);
      if (recent.length > 0) result[key] = summarize(recent);
    }

    return result;
  }

  /** One summary over every series since `since`. */
  overall(since: number): LatencySummary {
    const all = [...this.series.values()].flatMap((ring) =>
      ring.since(since).map((s) => s.ms),
    );

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
