import { Session, SessionStats } from './session.types';

/** Counts live sessions the way every store reports them. */
export function emptyStats(): SessionStats {
  return {
    total: 0,
    active: 0,
    completed: 0,
    by_mode: {},
    by_step: {},
    by_language: {},
  };
}

type StatsKey = Pick<Session, 'mode' | 'step' | 'language'>;

export function addToStats(
  stats: SessionStats,
  session: StatsKey,
  count = 1,
): void {
  stats.total += count;
  if (session.step === 'DONE') stats.completed += count;
  else stats.active += count;

  increment(stats.by_mode, session.mode, count);
  increment(stats.by_step, session.step, count);
  increment(stats.by_language, session.language, count);
}

function increment(
  counts: Record<string, number>,
  key: string,
  count: number,
): void {
  counts[key] = (counts[key] ?? 0) + count;
}
