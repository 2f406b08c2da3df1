// Turns a User-Agent into a short "Browser on Platform" label for the session list; the raw string is not kept.

const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\bVivaldi\//, 'Vivaldi'],
  [/\b(?:Chrome|CriOS)\//, 'Chrome'],
  [/\bChromium\//, 'Chromium'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\bcurl\//i, 'curl'],
];

const PLATFORMS: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

/** Longer User-Agents are not read at all: the label never needs more than the first few hundred bytes. */
const MAX_USER_AGENT_LENGTH = 512;

/** "Firefox on Linux", "Safari on iOS", "Chrome", or "Unknown browser". */
export function describeBrowser(userAgent: string | undefined): string {
  const text = (userAgent ?? '').slice(0, MAX_USER_AGENT_LENGTH);
  const browser = BROWSERS.find(([pattern]) => pattern.test(text))?.[1];
  const platform = PLATFORMS.find(([pattern]) => pattern.test(text))?.[1];
  if (browser === undefined)
    return platform === undefined ? 'Unknown browser' : `A browser on ${platform}`;
  return platform === undefined ? browser : `${browser} on ${platform}`;
}
