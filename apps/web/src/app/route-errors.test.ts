import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-client';
import { describeRouteError } from './route-errors';

describe('what a page that failed says', () => {
  it('asks for a reload when its code could not be downloaded, in every browser’s words', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: https://pail.example.com/assets/branches-x.js',
      'error loading dynamically imported module: https://pail.example.com/assets/branches-x.js',
      'Importing a module script failed.',
      'Unable to preload CSS for /assets/branches-x.css',
    ]) {
      expect(describeRouteError(new TypeError(message))).toBe(
        'Part of Pail could not be downloaded: the connection may have dropped, or Pail was just updated. Reload the page to continue.',
      );
    }
  });

  it('gives a failed call its own explanation, and anything else a plain one', () => {
    const error = new ApiError({
      status: 502,
      code: 'upstream_unavailable',
      source: 'bff',
      message: 'Bitbucket answered 503 Service Unavailable.',
    });
    expect(describeRouteError(error)).toBe('Bitbucket answered 503 Service Unavailable.');
    expect(describeRouteError(new Error('x is undefined'))).toBe(
      'An unexpected error stopped this page from loading.',
    );
  });
});
