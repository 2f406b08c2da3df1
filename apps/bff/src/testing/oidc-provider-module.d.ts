// The slice of oidc-provider 9's API (it ships no types) that the interoperability tests use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface KoaContext {
    path: string;
    method: string;
    query: Record<string, string | string[] | undefined>;
    req: IncomingMessage;
    res: ServerResponse;
    status: number;
    body: unknown;
    redirect(url: string): void;
  }

  export interface Interaction {
    uid: string;
    grantId?: string;
    params: Record<string, unknown>;
    prompt: { name: string; details: Record<string, unknown> };
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface StoredToken {
    jti: string;
    grantId: string;
    scope?: string;
    accountId?: string;
    isExpired: boolean;
    consumed?: number;
  }

  export interface AdapterPayload {
    grantId?: string;
    uid?: string;
    consumed?: number;
    [key: string]: unknown;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type Configuration = Record<string, unknown>;

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    proxy: boolean;
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
    ): Promise<string>;
    Grant: new (properties: { accountId: string; clientId: string }) => GrantInstance;
    AccessToken: { find(token: string): Promise<StoredToken | undefined> };
    RefreshToken: { find(token: string): Promise<StoredToken | undefined> };
  }

  export default Provider;
}
