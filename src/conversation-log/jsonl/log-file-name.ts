const FILE_PATTERN = /^(\d{8})_(\d{6})_(.+)\.jsonl$/;

/** `YYYYMMDD_HHMMSS_<session_id>.jsonl`, the time in UTC. */
export function logFileName(sessionId: string, startedAt: Date): string {
  const iso = startedAt.toISOString();
  const date = iso.slice(0, 10).replace(/-/g, '');
  const time = iso.slice(11, 19).replace(/:/g, '');

  return `${date}_${time}_${sessionId}.jsonl`;
}

/** The session id a log file belongs to, or null for other files. */
export function sessionIdOfLogFile(fileName: string): string | null {
  return FILE_PATTERN.exec(fileName)?.[3] ?? null;
}
