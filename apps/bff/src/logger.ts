// Structured auth-event logging: a tiny interface the app depends on, with a LogTape implementation.
import { getLogger, jsonLinesFormatter, type LogRecord, type Sink } from '@logtape/logtape';

/** Only ids, codes and counts go in here: never a token, code, state, secret or raw session id. */
export type LogProps = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(event: string, props?: LogProps): void;
  warn(event: string, props?: LogProps): void;
  error(event: string, props?: LogProps): void;
}

/** Logs through LogTape under the `pail.bff` category; the sink (JSON lines) is configured by the entrypoint. */
export function createLogtapeLogger(category: readonly string[] = ['pail', 'bff']): Logger {
  const logger = getLogger([...category]);
  // LogTape treats `{…}` in messages as placeholders; event names are plain words, so props ride alongside.
  return {
    info: (event, props) => logger.info(event, { event, ...props }),
    warn: (event, props) => logger.warn(event, { event, ...props }),
    error: (event, props) => logger.error(event, { event, ...props }),
  };
}

/**
 * Logs under `category` straight into one LogTape sink (the entrypoint's, also registered with LogTape so
 * `dispose()` flushes it): the same record, so the same line through LogTape's own formatter, without
 * LogTape's per-record dispatch (category lookup, implicit and scoped context, property snapshots), which
 * cost more per proxied request than the rest of the log line. Records below `lowestLevel` are dropped.
 * Event names are plain words, as for `createLogtapeLogger`, so no `{placeholder}` is ever parsed.
 */
export function createSinkLogger(
  sink: Sink,
  options: { category?: readonly string[]; lowestLevel?: 'info' | 'warning' | 'error' } = {},
): Logger {
  const category = [...(options.category ?? ['pail', 'bff'])];
  const ranks = { info: 0, warning: 1, error: 2 } as const;
  const lowest = ranks[options.lowestLevel ?? 'info'];
  const emit = (level: keyof typeof ranks, event: string, props: LogProps | undefined) => {
    if (ranks[level] < lowest) return;
    const record: LogRecord = {
      category,
      level,
      message: [event],
      rawMessage: event,
      timestamp: Date.now(),
      properties: { event, ...props },
    };
    sink(record);
  };
  return {
    info: (event, props) => emit('info', event, props),
    warn: (event, props) => emit('warning', event, props),
    error: (event, props) => emit('error', event, props),
  };
}

/** LogTape's JSON level names. */
const JSON_LEVELS: Record<LogRecord['level'], string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warning: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
};
/** The C1 controls (and DEL) LogTape's JSON formatter escapes in every line. */
const JSON_CONTROL = /[\u007f-\u009f]/;
const JSON_CONTROLS = /[\u007f-\u009f]/g;

function isFlat(properties: Record<string, unknown>): boolean {
  for (const key in properties) {
    const value = properties[key];
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && type !== 'undefined') {
      return false;
    }
  }
  return true;
}

/**
 * LogTape's `jsonLinesFormatter`, line for line, with a short path for the records Pail writes: a plain
 * message and flat string, number and boolean properties, which need none of its replacers (errors,
 * bigints, cycles, `toJSON`). Anything else is handed to LogTape's formatter itself.
 */
export function formatJsonLine(record: LogRecord): string {
  const { message, properties } = record;
  const text = message[0];
  if (message.length !== 1 || typeof text !== 'string' || !isFlat(properties)) {
    return jsonLinesFormatter(record);
  }
  const line =
    `{"@timestamp":"${new Date(record.timestamp).toISOString()}","level":"${JSON_LEVELS[record.level]}",` +
    `"message":${JSON.stringify(text)},"logger":${JSON.stringify(record.category.join('.'))},` +
    `"properties":${JSON.stringify(properties)}}`;
  return `${JSON_CONTROL.test(line) ? line.replace(JSON_CONTROLS, escapeControl) : line}\n`;
}

function escapeControl(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

export interface BufferedSinkOptions {
  /** Turns a record into its text, line end included (`formatJsonLine`). */
  formatter: (record: LogRecord) => string;
  /** Receives whole batches of lines: `process.stdout.write` in production. */
  write: (text: string) => void;
  /** A line waits at most this long before it is written. */
  flushIntervalMs?: number;
  /** A batch this long (in characters) is written at once, without waiting for the interval. */
  maxBufferedChars?: number;
}

export const DEFAULT_LOG_FLUSH_INTERVAL_MS = 100;
export const DEFAULT_LOG_MAX_BUFFERED_CHARS = 64 * 1024;

export type BufferedSink = Sink & { flush(): void };

/** The symbol LogTape looks for to dispose a sink (`Symbol.dispose`, where the runtime has it). */
const disposeSymbol: symbol =
  (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');

/**
 * A sink that gathers lines and writes them in one call per interval. Node writes to a file or a pipe
 * synchronously on Linux, so one write per line cost about a tenth of a proxied request's CPU; a batch
 * costs one write for many requests. Nothing is ever dropped: a full buffer is written at once, and
 * disposing (LogTape's `dispose()` on shutdown, and its exit hook) writes whatever is left.
 */
export function createBufferedSink(options: BufferedSinkOptions): BufferedSink {
  const {
    formatter,
    write,
    flushIntervalMs = DEFAULT_LOG_FLUSH_INTERVAL_MS,
    maxBufferedChars = DEFAULT_LOG_MAX_BUFFERED_CHARS,
  } = options;
  let lines: string[] = [];
  let buffered = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (lines.length === 0) return;
    const text = lines.join('');
    lines = [];
    buffered = 0;
    write(text);
  }

  const sink = ((record: LogRecord) => {
    const line = formatter(record);
    lines.push(line);
    buffered += line.length;
    if (buffered >= maxBufferedChars) {
      flush();
    } else if (timer === undefined) {
      timer = setTimeout(flush, flushIntervalMs);
      // A pending batch never keeps the process alive; exit and shutdown flush it.
      (timer as { unref?: () => void }).unref?.();
    }
  }) as BufferedSink;
  sink.flush = flush;
  (sink as unknown as Record<symbol, () => void>)[disposeSymbol] = flush;
  return sink;
}
