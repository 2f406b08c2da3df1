// A Logger that keeps every event, so tests can assert what was logged and that no secret was.
import type { Logger, LogProps } from '../logger';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  event: string;
  props: LogProps;
}

export interface MemoryLogger extends Logger {
  entries: LogEntry[];
  events(): string[];
}

export function createMemoryLogger(): MemoryLogger {
  const entries: LogEntry[] = [];
  const log =
    (level: LogEntry['level']) =>
    (event: string, props: LogProps = {}) => {
      entries.push({ level, event, props });
    };
  return {
    entries,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    events: () => entries.map((entry) => entry.event),
  };
}
