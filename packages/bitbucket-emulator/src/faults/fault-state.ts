// The faults in force: the settings, what is left of each rule's `times`, and the rate limit's rolling windows.
import { parseFaultSettings } from './fault-settings';
import type { FaultRule, FaultTarget, FaultsInForce, RateLimitSettings } from './fault-settings';

interface LiveRule {
  rule: FaultRule;
  /** Applications left; undefined = every matching request. */
  remaining: number | undefined;
}

/** The two budgets Bitbucket keeps apart (FACTS.md §4), named as `X-RateLimit-Resource` reports them. */
export type RateResource = 'api' | 'raw';

export interface RateVerdict {
  limit: number;
  /** Calls counted in the window, this one included when allowed. */
  used: number;
  /** Whole seconds until the oldest counted call leaves the window; set only when over the limit. */
  retryAfterSeconds?: number;
}

export class FaultState {
  /** False while nothing needs the middleware, so an unfaulted request costs one property check. */
  active = false;
  latencyMs = 0;
  rateLimit: RateLimitSettings | null = null;
  maxDiffBytes: number;
  private rules: LiveRule[] = [];
  /** Times of the counted calls per `${resource} ${caller}`, oldest first. */
  private windows = new Map<string, number[]>();

  constructor(
    private readonly defaultMaxDiffBytes: number,
    private readonly now: () => number,
  ) {
    this.maxDiffBytes = defaultMaxDiffBytes;
  }

  /** Replaces everything (rule counts and rate windows start afresh); throws FaultSettingsError, changing nothing. */
  set(input: unknown): FaultsInForce {
    const settings = parseFaultSettings(input, this.defaultMaxDiffBytes);
    this.latencyMs = settings.latencyMs;
    this.rules = settings.rules.map((rule) => ({ rule, remaining: rule.times }));
    this.rateLimit = settings.rateLimit;
    this.maxDiffBytes = settings.maxDiffBytes;
    this.windows.clear();
    this.refreshActive();
    return this.inForce();
  }

  clear(): void {
    this.set({});
  }

  /** The settings in force: a rule's `times` is what is left of it, and a used-up rule is gone. */
  inForce(): FaultsInForce {
    return {
      latencyMs: this.latencyMs,
      rules: this.rules.map(({ rule, remaining }) =>
        remaining === undefined ? { ...rule } : { ...rule, times: remaining },
      ),
      rateLimit: this.rateLimit ? { ...this.rateLimit } : null,
      maxDiffBytes: this.maxDiffBytes,
    };
  }

  /** The rules that apply to this request, in order, each counted down: latencies, then at most one failure. */
  applicableRules(target: FaultTarget, path: string): FaultRule[] {
    const taken: FaultRule[] = [];
    for (const live of [...this.rules]) {
      const { rule } = live;
      if (rule.target !== target || (rule.path !== undefined && !path.startsWith(rule.path))) {
        continue;
      }
      if (live.remaining !== undefined) {
        live.remaining -= 1;
        if (live.remaining === 0) {
          this.rules = this.rules.filter((r) => r !== live);
          this.refreshActive();
        }
      }
      taken.push(rule);
      // A failing rule ends the request: later rules do not apply, so they are not counted down.
      if (rule.fault !== 'latency') break;
    }
    return taken;
  }

  /** Counts a call against `caller`'s budget for `resource`, unless the budget is spent. */
  countCall(resource: RateResource, caller: string, settings: RateLimitSettings): RateVerdict {
    const limit = resource === 'raw' ? settings.limit * 5 : settings.limit;
    const windowMs = settings.windowSeconds * 1000;
    const now = this.now();
    const key = `${resource} ${caller}`;
    const calls = (this.windows.get(key) ?? []).filter((at) => at > now - windowMs);
    if (calls.length >= limit) {
      this.windows.set(key, calls);
      const leavesAt = (calls[0] as number) + windowMs;
      return {
        limit,
        used: calls.length,
        retryAfterSeconds: Math.max(1, Math.ceil((leavesAt - now) / 1000)),
      };
    }
    calls.push(now);
    this.windows.set(key, calls);
    return { limit, used: calls.length };
  }

  private refreshActive(): void {
    this.active = this.latencyMs > 0 || this.rules.length > 0 || this.rateLimit !== null;
  }
}
