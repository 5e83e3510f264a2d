import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A local HTTP endpoint that keeps every JSON body POSTed to it. */
export class WebhookReceiver {
  readonly received: Record<string, unknown>[] = [];
  /** The Authorization header of each call, in the same order. */
  readonly authorizations: (string | undefined)[] = [];
  private server?: Server;
  private waiters: (() => void)[] = [];

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        this.received.push(JSON.parse(body) as Record<string, unknown>);
        this.authorizations.push(request.headers.authorization);
        response.writeHead(204).end();
        this.waiters.splice(0).forEach((wake) => wake());
      });
    });
    await new Promise<void>((resolve) =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );

    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Resolves once `count` bodies have arrived, or fails after `ms`. */
  async waitFor(count: number, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `expected ${count} webhook calls, got ${this.received.length}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
