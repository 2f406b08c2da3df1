// Records the requests the app sends during one test, so tests can assert on URLs, params and headers.
import { onTestFinished } from 'vitest';
import { server } from './mocks/server';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  credentials: RequestCredentials;
}

export function recordRequests(): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  const listener = ({ request }: { request: Request }) => {
    requests.push({
      method: request.method,
      url: new URL(request.url),
      headers: new Headers(request.headers),
      credentials: request.credentials,
    });
  };
  server.events.on('request:start', listener);
  onTestFinished(() => {
    server.events.removeListener('request:start', listener);
  });
  return requests;
}

/** The requests to one path (e.g. `/api/2.0/repositories/acme`), in order. */
export function requestsTo(requests: RecordedRequest[], pathname: string): RecordedRequest[] {
  return requests.filter((request) => request.url.pathname === pathname);
}
