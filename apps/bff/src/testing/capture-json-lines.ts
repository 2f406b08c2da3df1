// LogTape configured as `server.ts` does, writing its JSON lines into an array instead of stdout.
import { configure, jsonLinesFormatter, type LogLevel, type LogRecord } from '@logtape/logtape';

/** The lines written from now on (call LogTape's `reset()` after the test). */
export async function captureJsonLines(lowestLevel: LogLevel = 'info'): Promise<string[]> {
  const lines: string[] = [];
  await configure({
    reset: true,
    sinks: { memory: (record: LogRecord) => lines.push(jsonLinesFormatter(record)) },
    loggers: [
      { category: ['pail'], lowestLevel, sinks: ['memory'] },
      { category: ['logtape', 'meta'], lowestLevel: 'warning', sinks: [] },
    ],
  });
  return lines;
}
