// Parses Set-Cookie headers the way a browser would read their attributes, for assertions.

export interface ParsedSetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flag attributes map to `true`. */
  attributes: Record<string, string | true>;
  raw: string;
}

export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = '', ...parts] = header.split(';');
  const eq = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of parts) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const at = trimmed.indexOf('=');
    if (at === -1) attributes[trimmed.toLowerCase()] = true;
    else attributes[trimmed.slice(0, at).toLowerCase()] = trimmed.slice(at + 1);
  }
  return {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    attributes,
    raw: header,
  };
}

export function setCookies(response: Response): ParsedSetCookie[] {
  return response.headers.getSetCookie().map(parseSetCookie);
}

export function findSetCookie(response: Response, name: string): ParsedSetCookie | undefined {
  return setCookies(response).find((cookie) => cookie.name === name);
}
