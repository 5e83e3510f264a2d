import { Server, Socket, connect, createServer } from 'node:net';

/** What the proxy does with traffic. */
export type TcpProxyMode = 'forward' | 'cut' | 'blackhole';

interface Link {
  client: Socket;
  upstream?: Socket;
}

/**
 * A TCP proxy on 127.0.0.1 in front of one host:port, to simulate outages
 * between the app and a server: {@link cut} refuses connections,
 * {@link blackhole} accepts them but never answers, {@link restore} heals.
 */
export class TcpProxy {
  private server?: Server;
  private listenPort = 0;
  private currentMode: TcpProxyMode = 'forward';
  private readonly links = new Set<Link>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** `host:port` the proxy listens on. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Port the proxy listens on (fixed by the first start). */
  get port(): number {
    if (!this.listenPort) throw new Error('TcpProxy is not started');
    return this.listenPort;
  }

  get mode(): TcpProxyMode {
    return this.currentMode;
  }

  /** Starts forwarding on a free port and returns `127.0.0.1:port`. */
  async start(): Promise<string> {
    this.currentMode = 'forward';
    await this.listen();
    return this.address;
  }

  /** Drops every open connection and stops listening (connection refused). */
  async cut(): Promise<void> {
    this.currentMode = 'cut';
    this.destroyLinks();
    await this.unlisten();
  }

  /**
   * Keeps listening and accepts connections but never forwards or answers,
   * so clients time out; open connections go silent as well.
   */
  async blackhole(): Promise<void> {
    this.currentMode = 'blackhole';
    for (const link of this.links) silence(link);
    await this.listen();
  }

  /** Forwards again on the same port; silenced connections are dropped. */
  async restore(): Promise<void> {
    if (this.currentMode === 'blackhole') this.destroyLinks();
    this.currentMode = 'forward';
    await this.listen();
  }

  /** Drops all connections and stops listening for good. */
  async close(): Promise<void> {
    this.currentMode = 'cut';
    this.destroyLinks();
    await this.unlisten();
  }

  private onConnection(client: Socket): void {
    const link: Link = { client };
    this.links.add(link);
    client.once('close', () => {
      link.upstream?.destroy();
      this.links.delete(link);
    });
    client.on('error', () => client.destroy());

    if (this.currentMode === 'cut') {
      client.destroy();
    } else if (this.currentMode === 'blackhole') {
      silence(link);
    } else {
      const upstream = connect(this.targetPort, this.targetHost);
      link.upstream = upstream;
      upstream.on('error', () => client.destroy());
      upstream.once('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    }
  }

  private listen(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = createServer((socket) => this.onConnection(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        if (typeof address === 'object' && address) {
          this.listenPort = address.port;
        }
        this.server = server;
        resolve();
      });
    });
  }

  private unlisten(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private destroyLinks(): void {
    for (const link of this.links) {
      link.upstream?.destroy();
      link.client.destroy();
    }
    this.links.clear();
  }
}

/** Stops a connection's traffic both ways without closing the client side. */
function silence(link: Link): void {
  const { client, upstream } = link;
  if (upstream) {
    client.unpipe(upstream);
    upstream.unpipe(client);
    upstream.removeAllListeners('close');
    upstream.destroy();
    link.upstream = undefined;
  }
  client.on('data', () => undefined);
  client.resume();
}
