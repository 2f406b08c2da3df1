// Runs the stack in a terminal: each process's output coloured by name, what to open, and Ctrl+C stops it all.
import { startStack } from './stack.mjs';

const COLOURS = { emulator: 35, bff: 36, web: 32 };

/**
 * Starts the stack (`startStack`'s options), prints `banner(stack)` once it is up, and stops every process
 * on SIGINT or SIGTERM. Exits with a message when it cannot start.
 */
export async function runStack(options, banner) {
  const stack = await startStack({
    ...options,
    onOutput: (name, line) => console.log(`\x1b[${COLOURS[name]}m${name.padEnd(8)}\x1b[0m ${line}`),
  }).catch((error) => {
    console.error(`Could not start Pail: ${error.message}`);
    process.exit(1);
  });
  console.log(banner(stack));

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      await stack.stop();
      process.exit(0);
    });
  }
  return stack;
}
