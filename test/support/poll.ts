/**
 * Waits for an outside event (a server stopping, a probe turning 503) by
 * asking again every `everyMs` until `done` or the deadline; returns the
 * milliseconds it took. Only for real outside events, never for time
 * logic, which uses the FakeClock.
 */
export async function pollUntil(
  probe: () => Promise<boolean>,
  options: { withinMs: number; everyMs?: number; what: string },
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < options.withinMs) {
    if (await probe()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
  }

  throw new Error(
    `${options.what} did not happen within ${options.withinMs} ms`,
  );
}
