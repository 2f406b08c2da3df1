// The BFF's memory, read from outside through the V8 inspector (started with `--inspect`): no hook in the app.
import { WebSocket } from 'undici';
import { loopbackOrigin } from './loopback';

export interface MemoryReading {
  /** Resident set size of the whole process, bytes. */
  rss: number;
  /** V8 heap in use and reserved, bytes. */
  heapUsed: number;
  heapTotal: number;
}

export interface Inspector {
  /** Reads memory; with `collectGarbage`, after a full collection, so only what is still referenced counts. */
  memory(options: { collectGarbage: boolean }): Promise<MemoryReading>;
  /** The inspected process's id. */
  pid(): Promise<number>;
  close(): void;
}

interface Reply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

const CALL_TIMEOUT_MS = 30_000;

/** Connects to the inspector listening on `http://127.0.0.1:<port>` (the first target: the main thread). */
export async function openInspector(origin: string): Promise<Inspector> {
  const base = loopbackOrigin(origin);
  const targets = (await (await fetch(`${base}/json/list`)).json()) as {
    webSocketDebuggerUrl?: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`no inspector target at ${base}`);
  loopbackOrigin(url);
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot connect to ${base}`)), {
      once: true,
    });
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(r: Reply): void; reject(e: Error): void }>();
  socket.addEventListener('message', (event) => {
    const reply = JSON.parse(String(event.data)) as Reply;
    if (reply.id === undefined) return;
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
  });
  socket.addEventListener('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('the inspector closed'));
    pending.clear();
  });

  async function call(method: string, params: Record<string, unknown> = {}) {
    const id = nextId++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method} had no answer within ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      pending.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result ?? {};
  }

  async function evaluate(expression: string): Promise<unknown> {
    const answer = await call('Runtime.evaluate', { expression, returnByValue: true });
    return (answer.result as { value?: unknown } | undefined)?.value;
  }

  return {
    async memory({ collectGarbage }) {
      if (collectGarbage) {
        // Twice: objects freed by the first collection's finalisers go in the second.
        await call('HeapProfiler.collectGarbage');
        await call('HeapProfiler.collectGarbage');
      }
      const heap = await call('Runtime.getHeapUsage');
      const rss = await evaluate('process.memoryUsage.rss()');
      return {
        rss: Number(rss),
        heapUsed: Number(heap.usedSize),
        heapTotal: Number(heap.totalSize),
      };
    },
    async pid() {
      return Number(await evaluate('process.pid'));
    },
    close() {
      socket.close();
    },
  };
}
