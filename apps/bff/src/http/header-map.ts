// Response headers as a plain map: what the proxy's answer is built in, without the Fetch API's Headers on the hot path.

/**
 * The part of the Fetch API's `Headers` the hardening steps use, so one function serves a Hono answer's
 * `Headers` and the proxy's `HeaderMap` alike.
 */
export interface HeaderFields {
  get(name: string): string | null;
  set(name: string, value: string): void;
  has(name: string): boolean;
  delete(name: string): void;
  keys(): Iterable<string>;
}

/**
 * Headers as `Headers` treats them — names case-insensitive and lower-cased, `append` joining with `, `,
 * `Set-Cookie` kept as separate values — over a `Map`. Names and values are the BFF's own or come from
 * Bitbucket's parsed answer, so they are not validated again. Iterates in insertion order, `Set-Cookie`
 * not included (read it with `getSetCookie`).
 */
export class HeaderMap implements HeaderFields, Iterable<[string, string]> {
  readonly #fields = new Map<string, string>();
  readonly #cookies: string[] = [];

  constructor(init?: Iterable<readonly [string, string]>) {
    if (init !== undefined) for (const [name, value] of init) this.append(name, value);
  }

  get(name: string): string | null {
    const key = name.toLowerCase();
    if (key === 'set-cookie') return this.#cookies.length === 0 ? null : this.#cookies.join(', ');
    return this.#fields.get(key) ?? null;
  }

  set(name: string, value: string): void {
    const key = name.toLowerCase();
    if (key === 'set-cookie') this.#cookies.splice(0, this.#cookies.length, value);
    else this.#fields.set(key, value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    if (key === 'set-cookie') {
      this.#cookies.push(value);
      return;
    }
    const previous = this.#fields.get(key);
    this.#fields.set(key, previous === undefined ? value : `${previous}, ${value}`);
  }

  has(name: string): boolean {
    const key = name.toLowerCase();
    return key === 'set-cookie' ? this.#cookies.length > 0 : this.#fields.has(key);
  }

  delete(name: string): void {
    const key = name.toLowerCase();
    if (key === 'set-cookie') this.#cookies.length = 0;
    else this.#fields.delete(key);
  }

  keys(): IterableIterator<string> {
    return this.#fields.keys();
  }

  getSetCookie(): string[] {
    return [...this.#cookies];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#fields.entries();
  }

  /** Every field, `Set-Cookie` values each on their own: what a `Response` is built from. */
  toPairs(): Array<[string, string]> {
    return [
      ...this.#fields,
      ...this.#cookies.map((cookie): [string, string] => ['set-cookie', cookie]),
    ];
  }
}
