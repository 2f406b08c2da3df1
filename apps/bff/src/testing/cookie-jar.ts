// A minimal browser cookie jar for one origin: enough to carry the BFF's cookies between requests.
import { setCookies } from './set-cookie';

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Applies a response's Set-Cookie headers (Max-Age=0 deletes, as in a browser). */
  capture(response: Response): void {
    for (const cookie of setCookies(response)) {
      const maxAge = cookie.attributes['max-age'];
      if (cookie.value === '' || (typeof maxAge === 'string' && Number(maxAge) <= 0)) {
        this.cookies.delete(cookie.name);
      } else {
        this.cookies.set(cookie.name, cookie.value);
      }
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  delete(name: string): void {
    this.cookies.delete(name);
  }

  /** The `Cookie` request header, or `undefined` when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [name, value] of this.cookies) copy.set(name, value);
    return copy;
  }
}
