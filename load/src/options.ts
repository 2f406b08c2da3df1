// `pnpm load`'s command line: how many sessions, for how long, on which stores, and which phases.

export type StoreKind = 'memory' | 'redis';
export const STORE_KINDS: readonly StoreKind[] = ['memory', 'redis'];

export interface LoadOptions {
  sessions: number;
  /** Seconds of measured load per store. */
  durationSeconds: number;
  stores: StoreKind[];
  /** Run the Redis outage phase (on by default whenever Redis is among the stores). */
  outage: boolean;
  /** Run only the outage phase (`--outage`). */
  outageOnly: boolean;
}

export const DEFAULT_OPTIONS: LoadOptions = {
  sessions: 200,
  durationSeconds: 60,
  stores: ['memory', 'redis'],
  outage: true,
  outageOnly: false,
};

const USAGE =
  'usage: pnpm load [--sessions N] [--duration S] [--stores memory,redis] [--outage | --no-outage]';

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(
      `${flag} takes a whole number from ${min} to ${max}, got ${text ?? 'nothing'}\n${USAGE}`,
    );
  }
  return value;
}

/** Parses the arguments after `pnpm load`; throws one message naming the problem and the usage. */
export function parseOptions(argv: readonly string[]): LoadOptions {
  const options: LoadOptions = { ...DEFAULT_OPTIONS, stores: [...DEFAULT_OPTIONS.stores] };
  let storesGiven = false;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    switch (flag) {
      case '--sessions':
        // Four seeded people, at most 50 sessions each in the BFF: more would end the oldest.
        options.sessions = wholeNumber(flag, argv[(i += 1)], 1, 200);
        break;
      case '--duration':
        options.durationSeconds = wholeNumber(flag, argv[(i += 1)], 5, 3_600);
        break;
      case '--stores': {
        const names = (argv[(i += 1)] ?? '').split(',').filter(Boolean);
        const unknown = names.filter((name) => !STORE_KINDS.includes(name as StoreKind));
        if (names.length === 0 || unknown.length > 0) {
          throw new Error(
            `--stores takes a comma-separated list of: ${STORE_KINDS.join(', ')}\n${USAGE}`,
          );
        }
        options.stores = [...new Set(names as StoreKind[])];
        storesGiven = true;
        break;
      }
      case '--outage':
        options.outageOnly = true;
        break;
      case '--no-outage':
        options.outage = false;
        break;
      case '--':
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(flag)}\n${USAGE}`);
    }
  }
  if (options.outageOnly && !options.outage) {
    throw new Error(`--outage and --no-outage contradict each other\n${USAGE}`);
  }
  if (options.outageOnly && storesGiven) {
    throw new Error(`--outage runs on Redis alone; leave out --stores\n${USAGE}`);
  }
  if (options.outageOnly) options.stores = [];
  if (!options.outageOnly) options.outage = options.outage && options.stores.includes('redis');
  return options;
}
