// Tells Workers' types what this Worker's main module exports (what `wrangler types` would generate), for `exports`.
import type * as WorkerModule from '../worker';

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof WorkerModule;
      durableNamespaces: 'SessionLock';
    }
  }
}
