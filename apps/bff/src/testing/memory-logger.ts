// A Logger that keeps every event, so tests can assert what was logged and that no secret was.
// Request lines (one per request, from the request log) are kept apart in `requests`, so `entries` reads
// as the story of what happened and a test of that story need not skip a line per request.
import type { Logger, LogProps } from '../logger';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  event: string;
  props: LogProps;
}

export interface MemoryLogger extends Logger {
  entries: LogEntry[];
  /** The `request` lines, in order. */
  requests: LogEntry[];
  events(): string[];
}

export function createMemoryLogger(): MemoryLogger {
  const entries: LogEntry[] = [];
  const requests: LogEntry[] = [];
  const log =
    (level: LogEntry['level']) =>
    (event: string, props: LogProps = {}) => {
      (event === 'request' ? requests : entries).push({ level, event, props });
    };
  return {
    entries,
    requests,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    events: () => entries.map((entry) => entry.event),
  };
}
