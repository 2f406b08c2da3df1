// Syntax highlighting off the main thread: a module worker running `highlightCode`, one request at a time.
import { highlightCode } from './highlight';
import type { HighlightRequest, HighlightResponse } from './highlight-client';

const running = new Map<number, AbortController>();

self.addEventListener('message', (event: MessageEvent<HighlightRequest>) => {
  const request = event.data;
  if (request.type === 'abort') {
    running.get(request.id)?.abort();
    running.delete(request.id);
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  const reply = (response: HighlightResponse) => {
    running.delete(request.id);
    if (!controller.signal.aborted) self.postMessage(response);
  };
  highlightCode(request.code, request.language, controller.signal).then(
    (lines) => reply({ id: request.id, lines }),
    (error: unknown) =>
      reply({ id: request.id, error: error instanceof Error ? error.message : 'failed' }),
  );
});
