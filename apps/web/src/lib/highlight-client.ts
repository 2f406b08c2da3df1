// Highlights code in a module worker, so a grammar's first use (hundreds of milliseconds of regex
// compilation) never holds the page; where no worker can start, on the main thread in slices instead.
import type { HighlightedLine } from './highlight';

export type HighlightRequest =
  { type: 'highlight'; id: number; code: string; language: string } | { type: 'abort'; id: number };

export type HighlightResponse =
  { id: number; lines: HighlightedLine[] } | { id: number; error: string };

interface Pending {
  resolve: (lines: HighlightedLine[]) => void;
  reject: (error: Error) => void;
}

let worker: Worker | undefined;
/** Set once a worker could not start (no Worker, or refused by the page's policy): every call goes inline. */
let inline = typeof Worker === 'undefined';
let nextId = 1;
const pending = new Map<number, Pending>();

function startWorker(): Worker | undefined {
  if (inline) return undefined;
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./highlight.worker.ts', import.meta.url), {
      type: 'module',
      name: 'highlight',
    });
  } catch {
    inline = true;
    return undefined;
  }
  worker.addEventListener('message', (event: MessageEvent<HighlightResponse>) => {
    const response = event.data;
    const waiting = pending.get(response.id);
    if (waiting === undefined) return;
    pending.delete(response.id);
    if ('lines' in response) waiting.resolve(response.lines);
    else waiting.reject(new Error(response.error));
  });
  worker.addEventListener('error', () => {
    // The script could not load or run (a policy refusal, a stale deploy): finish the work here instead.
    worker?.terminate();
    worker = undefined;
    inline = true;
    for (const waiting of pending.values()) waiting.reject(new WorkerUnavailableError());
    pending.clear();
  });
  return worker;
}

class WorkerUnavailableError extends Error {
  constructor() {
    super('The highlighting worker is not available.');
    this.name = 'WorkerUnavailableError';
  }
}

async function highlightInline(
  code: string,
  language: string,
  signal?: AbortSignal,
): Promise<HighlightedLine[]> {
  const { highlightCode } = await import('./highlight');
  return highlightCode(code, language, signal);
}

function highlightInWorker(
  target: Worker,
  code: string,
  language: string,
  signal?: AbortSignal,
): Promise<HighlightedLine[]> {
  const id = nextId++;
  return new Promise<HighlightedLine[]>((resolve, reject) => {
    const onAbort = () => {
      pending.delete(id);
      target.postMessage({ type: 'abort', id } satisfies HighlightRequest);
      // As `fetch` does: the signal's own reason.
      reject(signal?.reason);
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle =
      <T>(done: (value: T) => void) =>
      (value: T) => {
        signal?.removeEventListener('abort', onAbort);
        done(value);
      };
    pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
    target.postMessage({ type: 'highlight', id, code, language } satisfies HighlightRequest);
  });
}

/** Highlighted lines, and where the work ran: the worker, or the page's own thread. */
export interface Highlighted {
  lines: HighlightedLine[];
  ranIn: 'worker' | 'page';
}

/**
 * `highlightCode` (see `./highlight`), in the highlighting worker when one can run, else on the main
 * thread. Same lines either way; `signal` stops the work where it runs.
 */
export async function highlight(
  code: string,
  language: string,
  signal?: AbortSignal,
): Promise<Highlighted> {
  const target = startWorker();
  if (target !== undefined) {
    try {
      return { lines: await highlightInWorker(target, code, language, signal), ranIn: 'worker' };
    } catch (error) {
      if (!(error instanceof WorkerUnavailableError)) throw error;
    }
  }
  return { lines: await highlightInline(code, language, signal), ranIn: 'page' };
}
