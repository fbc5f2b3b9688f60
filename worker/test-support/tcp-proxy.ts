import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP pass-through the tests can cut and restore, to make PostgreSQL unreachable
 * for a worker without touching the server other tests share. Stopping closes the
 * listener and every open connection (the client sees resets, then refusals).
 */
export class TcpProxy {
  readonly #target: { host: string; port: number };
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  #port = 0;

  constructor(targetHost: string, targetPort: number) {
    this.#target = { host: targetHost, port: targetPort };
  }

  /** The port it listens on (the same one again after a restart). */
  get port(): number {
    return this.#port;
  }

  /** Starts listening, on the previous port if it ran before. */
  async start(): Promise<number> {
    const server = createServer((client) => {
      const upstream = connect(this.#target.port, this.#target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    const address = server.address();
    if (address && typeof address === 'object') this.#port = address.port;
    return this.#port;
  }

  /** Refuses new connections and cuts the open ones. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
