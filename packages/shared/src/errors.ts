// The JSON error shape of the BFF's own answers: `{ "error": { "code", "message" } }`.
import * as v from 'valibot';

export const BFF_ERROR_CODES = [
  'bad_request',
  'csrf_required',
  'forbidden',
  'unauthenticated',
  'not_found',
  'method_not_allowed',
  'path_not_allowed',
  'payload_too_large',
  'rate_limited',
  'invalid_credentials',
  'app_password_removed',
  'upstream_unavailable',
  'upstream_timeout',
  'store_unavailable',
  'internal',
] as const;

export const BffErrorCodeSchema = v.picklist(BFF_ERROR_CODES);
export type BffErrorCode = v.InferOutput<typeof BffErrorCodeSchema>;

export const BffErrorBodySchema = v.object({
  error: v.object({ code: BffErrorCodeSchema, message: v.string() }),
});
export type BffErrorBody = v.InferOutput<typeof BffErrorBodySchema>;

export function isBffErrorBody(value: unknown): value is BffErrorBody {
  return v.is(BffErrorBodySchema, value);
}
