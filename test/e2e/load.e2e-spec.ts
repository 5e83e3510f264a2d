import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { promisify } from 'node:util';
import { listenOnLoopback } from '@test/factories/jti-api.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

const run = promisify(execFile);

/** ApacheBench, as the migration guide runs it; CI installs apache2-utils. */
const AB = '/usr/bin/ab';

function requireAb(): void {
  try {
    accessSync(AB, constants.X_OK);
  } catch {
    throw new Error(
      `${AB} is missing: install apache2-utils (apt-get install apache2-utils) to run the load test`,
    );
  }
}

/** A number from an ab report line such as "Failed requests:        0". */
function reported(output: string, label: string): number | undefined {
  const match = new RegExp(`^${label}:\\s+(\\d+)`, 'm').exec(output);

  return match ? Number(match[1]) : undefined;
}

describe('migration-guide load test', () => {
  let testApp: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listenOnLoopback(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should serve ab -n 1000 -c 10 on start_session with no failure', async () => {
    requireAb();

    const { stdout } = await run(
      AB,
      ['-n', '1000', '-c', '10', `${baseUrl}/api/jti/start_session`],
      { timeout: 60_000 },
    );

    expect({
      complete: reported(stdout, 'Complete requests'),
      failed: reported(stdout, 'Failed requests'),
      // ab prints this line only when some answer was not 2xx.
      non2xx: reported(stdout, 'Non-2xx responses') ?? 0,
    }).toEqual({ complete: 1000, failed: 0, non2xx: 0 });
  });
});
