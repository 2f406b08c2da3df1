// Bitbucket's error envelope `{type:"error", error:{message, detail?}}` and the error value handlers throw.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ErrorDetail = string | Record<string, unknown>;

/** Thrown by handlers and helpers; `onError` turns it into Bitbucket's JSON error answer. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(message: string, detail?: ErrorDetail) {
  return {
    type: 'error' as const,
    error: detail === undefined ? { message } : { message, detail },
  };
}

export function apiErrorResponse(c: Context, error: ApiError): Response {
  return c.json(errorBody(error.message, error.detail), error.status);
}

export const NO_API_HERE =
  "There is no API hosted at this URL.\n\nFor information about our API's, please refer to the documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/";

export const REPOSITORY_NOT_FOUND =
  'You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated.';

export function workspaceNotFound(id: string): ApiError {
  return new ApiError(404, `No workspace with identifier '${id}'.`);
}
