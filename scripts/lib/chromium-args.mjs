// How Pail's browser runs (the e2e suite, the benchmark) launch Debian's Chromium: headless, offline, quiet.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
