// `POST /bff/csp-report`: what the shell's Content-Security-Policy refused, reduced to one log line per report.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { BFF_ROUTES } from '@pail/shared';
import type { BffContext, BffEnv } from '../context';
import { BffError } from '../errors';
import type { LogProps } from '../logger';
import { addressBlock, clientAddress } from '../rate-limit/client-address';
import { createLoginAttemptLimiter } from '../rate-limit/login-attempts';

/** A report is a few hundred bytes; a browser's batch of them stays far below this (the app allows 16 KiB). */
export const MAX_CSP_REPORT_BYTES = 8 * 1024;
/** Requests per client address (an IPv6 /64) and minute: a page that keeps violating cannot flood the logs. */
export const MAX_CSP_REPORTS_PER_MINUTE = 30;
/** Reports logged from one request: a batch padded with copies logs no more than this. */
export const MAX_REPORTS_PER_REQUEST = 10;

/** `application/reports+json` is the Reporting API (`report-to`); `application/csp-report` is `report-uri`. */
const REPORTING_API = 'application/reports+json';
const LEGACY_REPORT = 'application/csp-report';

const Text = v.pipe(v.string(), v.maxLength(2048));

/** The Reporting API's `csp-violation` body (CSP Level 3 §5.3); everything else in it is dropped unread. */
const ViolationBodySchema = v.object({
  documentURL: Text,
  blockedURL: v.optional(Text),
  effectiveDirective: Text,
  disposition: v.optional(Text),
});

const ReportingApiSchema = v.pipe(
  v.array(v.object({ type: v.pipe(v.string(), v.maxLength(64)), body: v.unknown() })),
  v.maxLength(100),
);

/** The legacy `report-uri` body (CSP Level 2 §7.1): hyphenated names, `violated-directive` in older browsers. */
const LegacyReportSchema = v.object({
  'csp-report': v.object({
    'document-uri': Text,
    'blocked-uri': v.optional(Text),
    'effective-directive': v.optional(Text),
    'violated-directive': v.optional(Text),
    disposition: v.optional(Text),
  }),
});

/** What a `csp.violation` line says. The report's `sample`, script positions and referrer never get here. */
export interface CspViolation {
  directive: string;
  /** An origin, a keyword such as `inline` or `eval`, or a scheme such as `data`: never a path or query. */
  blocked: string;
  /** The page's path, without its query or fragment. */
  documentPath: string;
  disposition: 'enforce' | 'report';
}

const DIRECTIVE = /^[a-z][a-z-]{0,39}$/;
/**
 * What browsers write instead of a URL for something that had none (CSP Level 3 §5.3, "blockedURL"), and
 * the bare scheme older browsers give for a `data:` or `blob:` URL in `report-uri` bodies.
 */
const BLOCKED_KEYWORDS = new Set([
  'inline',
  'eval',
  'wasm-eval',
  'trusted-types-policy',
  'trusted-types-sink',
  'self',
  'data',
  'blob',
]);
const SCHEME = /^([a-z][a-z0-9+.-]{0,31}):/i;

/** `img-src`, from an effective directive or a legacy `violated-directive` that may quote the whole rule. */
function directiveOf(text: string | undefined): string | undefined {
  const name = text?.trim().split(/\s+/)[0]?.toLowerCase();
  return name !== undefined && DIRECTIVE.test(name) ? name : undefined;
}

/** A blocked resource as its origin, or what kind of thing it was: its path and query may name private data. */
export function blockedOf(text: string | undefined): string {
  const value = (text ?? '').trim();
  if (value === '') return 'none';
  const keyword = value.toLowerCase();
  if (BLOCKED_KEYWORDS.has(keyword)) return keyword;
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return 'other';
  if (['http', 'https', 'ws', 'wss'].includes(scheme)) {
    try {
      return new URL(value).origin;
    } catch {
      return 'other';
    }
  }
  return scheme;
}

function documentPathOf(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.pathname : undefined;
  } catch {
    return undefined;
  }
}

function violation(fields: {
  document: string;
  blocked: string | undefined;
  directive: string | undefined;
  disposition: string | undefined;
}): CspViolation | undefined {
  const directive = directiveOf(fields.directive);
  const documentPath = documentPathOf(fields.document);
  if (directive === undefined || documentPath === undefined) return undefined;
  return {
    directive,
    blocked: blockedOf(fields.blocked),
    documentPath,
    disposition: fields.disposition === 'report' ? 'report' : 'enforce',
  };
}

/**
 * The violations a body reports, or undefined when it is not a report at all. A Reporting API batch may
 * hold other kinds of report (deprecations, interventions): those are skipped, not refused.
 */
export function parseCspReports(mediaType: string, json: unknown): CspViolation[] | undefined {
  if (mediaType === LEGACY_REPORT) {
    const parsed = v.safeParse(LegacyReportSchema, json);
    if (!parsed.success) return undefined;
    const report = parsed.output['csp-report'];
    const one = violation({
      document: report['document-uri'],
      blocked: report['blocked-uri'],
      directive: report['effective-directive'] ?? report['violated-directive'],
      disposition: report.disposition,
    });
    return one === undefined ? undefined : [one];
  }
  const parsed = v.safeParse(ReportingApiSchema, json);
  if (!parsed.success) return undefined;
  const violations: CspViolation[] = [];
  for (const report of parsed.output) {
    if (report.type !== 'csp-violation') continue;
    const body = v.safeParse(ViolationBodySchema, report.body);
    if (!body.success) return undefined;
    const one = violation({
      document: body.output.documentURL,
      blocked: body.output.blockedURL,
      directive: body.output.effectiveDirective,
      disposition: body.output.disposition,
    });
    if (one === undefined) return undefined;
    violations.push(one);
  }
  return violations;
}

/**
 * Browsers send reports on their own, without Pail's `X-CSRF` header, so this route cannot require it. It is
 * safe without: it reads no cookie or session, sets none, calls nothing upstream, and changes nothing but a
 * rate-limit counter and log lines. Every request counts against its address before its body is read.
 */
export function createCspReportRoutes(ctx: BffContext): Hono<BffEnv> {
  const { config, logger } = ctx;
  const limiter = createLoginAttemptLimiter({
    store: ctx.store,
    now: ctx.now,
    maxFailures: MAX_CSP_REPORTS_PER_MINUTE,
    windowSeconds: 60,
    namespace: 'csp-reports',
  });
  const limitBody = bodyLimit({
    maxSize: MAX_CSP_REPORT_BYTES,
    onError: () => {
      throw new BffError('payload_too_large', { message: 'A CSP report is at most 8 KiB.' });
    },
  });
  const routes = new Hono<BffEnv>();
  const route = BFF_ROUTES.cspReport.replace(/^\/bff/, '');

  routes.post(
    route,
    async (c, next) => {
      c.header('Cache-Control', 'no-store');
      const client = addressBlock(clientAddress(c, config.trustProxy));
      const wait = await limiter.reserve([`client:${client}`]);
      if (wait > 0) {
        throw new BffError('rate_limited', { headers: { 'Retry-After': String(wait) } });
      }
      const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (mediaType !== REPORTING_API && mediaType !== LEGACY_REPORT) {
        throw new BffError('bad_request', {
          status: 415,
          message: `A CSP report is ${REPORTING_API} or ${LEGACY_REPORT}.`,
        });
      }
      await next();
    },
    limitBody,
    async (c) => {
      const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
      let json: unknown;
      try {
        json = JSON.parse(await c.req.text());
      } catch (error) {
        if (error instanceof BffError) throw error;
        throw new BffError('bad_request', { message: 'The report is not JSON.' });
      }
      const violations = parseCspReports(mediaType ?? '', json);
      if (violations === undefined) {
        throw new BffError('bad_request', { message: 'The body is not a CSP violation report.' });
      }
      for (const report of violations.slice(0, MAX_REPORTS_PER_REQUEST)) {
        logger.warn('csp.violation', { ...report } satisfies LogProps);
      }
      return c.body(null, 204);
    },
  );
  routes.all(route, () => {
    throw new BffError('method_not_allowed', { headers: { Allow: 'POST' } });
  });

  return routes;
}
