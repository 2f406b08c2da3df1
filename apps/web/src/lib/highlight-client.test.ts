import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HighlightRequest } from './highlight-client';

/** A stand-in for the module worker: records what it is sent and answers as the test says. */
class FakeWorker extends EventTarget {
  static instances: FakeWorker[] = [];
  readonly sent: HighlightRequest[] = [];
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    super();
    FakeWorker.instances.push(this);
  }
  postMessage(message: HighlightRequest) {
    this.sent.push(message);
  }
  terminate() {}
  answer(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  fail() {
    this.dispatchEvent(new Event('error'));
  }
}

async function freshClient() {
  vi.resetModules();
  FakeWorker.instances = [];
  vi.stubGlobal('Worker', FakeWorker);
  return import('./highlight-client');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('highlight', () => {
  it('asks one module worker, and answers with its lines', async () => {
    const { highlight } = await freshClient();
    const result = highlight('const a = 1;', 'typescript');
    const [worker] = FakeWorker.instances;
    expect(worker?.options.type).toBe('module');
    expect(worker?.url.pathname).toMatch(/highlight\.worker\.ts$/);
    const request = worker?.sent[0];
    expect(request).toMatchObject({
      type: 'highlight',
      code: 'const a = 1;',
      language: 'typescript',
    });
    const lines = [[{ content: 'const', light: '#cf222e', dark: '#ff7b72' }]];
    worker?.answer({ id: request?.id, lines });
    await expect(result).resolves.toEqual({ lines, ranIn: 'worker' });

    void highlight('b', 'typescript');
    expect(FakeWorker.instances).toHaveLength(1);
  });

  it('tells the worker to stop when the caller aborts, and rejects', async () => {
    const { highlight } = await freshClient();
    const controller = new AbortController();
    const result = highlight('x', 'typescript', controller.signal);
    const [worker] = FakeWorker.instances;
    const id = worker?.sent[0]?.id;
    controller.abort(new DOMException('left', 'AbortError'));
    await expect(result).rejects.toThrow('left');
    expect(worker?.sent[1]).toEqual({ type: 'abort', id });
    // A late answer for the aborted request is ignored.
    worker?.answer({ id, lines: [] });
  });

  it('passes on what the worker could not highlight', async () => {
    const { highlight } = await freshClient();
    const result = highlight('x', 'cobol');
    const [worker] = FakeWorker.instances;
    worker?.answer({ id: worker.sent[0]?.id, error: 'No grammar for cobol' });
    await expect(result).rejects.toThrow('No grammar for cobol');
  });

  it('highlights on the page instead when the worker cannot start or run', async () => {
    const { highlight } = await freshClient();
    const result = highlight('const a = 1;', 'typescript');
    FakeWorker.instances[0]?.fail();
    const answered = await result;
    expect(answered.ranIn).toBe('page');
    expect(answered.lines[0]?.map((token) => token.content).join('')).toBe('const a = 1;');
    // And from then on, without trying another worker.
    expect((await highlight('let b;', 'typescript')).ranIn).toBe('page');
    expect(FakeWorker.instances).toHaveLength(1);
  });
});
