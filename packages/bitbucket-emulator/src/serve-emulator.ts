// Serves an emulator over HTTP on Node; closing ends every connection, hung requests included.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Emulator } from './emulator';

export interface EmulatorServer {
  server: Server;
  /** Stops listening and destroys every open connection, so a `hang` fault never keeps the process alive. */
  close(): Promise<void>;
}

/** Listens on `port` (0: any free one); resolves once listening, rejects when the port cannot be bound. */
export function serveEmulator(
  emulator: Emulator,
  options: { port: number; hostname?: string },
): Promise<EmulatorServer & { port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: emulator.app.fetch, port: options.port, hostname: options.hostname },
      (info: AddressInfo) => {
        server.off('error', reject);
        resolve({
          server: server as Server,
          port: info.port,
          close: () =>
            new Promise((done) => {
              server.close(() => done());
              (server as Server).closeAllConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
