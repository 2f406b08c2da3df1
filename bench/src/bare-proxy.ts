// The floor any proxy pays: a pass-through of a few lines (node:http in; fetch, or with
// `BARE_PROXY_CLIENT=http` keep-alive node:http, out) with a fixed credential.
import { Agent, createServer, request as httpRequest } from 'node:http';

const upstream = process.env.BARE_PROXY_UPSTREAM ?? 'http://localhost:8790';
const authorization = process.env.BARE_PROXY_AUTHORIZATION ?? '';
const agent = new Agent({ keepAlive: true });

/** The upstream's status, content type and whole body. */
type Pass = (path: string) => Promise<{ status: number; type: string; body: Buffer }>;

const throughFetch: Pass = async (path) => {
  const answer = await fetch(`${upstream}${path}`, { headers: { authorization } });
  const body = Buffer.from(await answer.arrayBuffer());
  return { status: answer.status, type: answer.headers.get('content-type') ?? '', body };
};

const throughNodeHttp: Pass = (path) =>
  new Promise((resolve, reject) => {
    httpRequest(`${upstream}${path}`, { headers: { authorization }, agent }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('error', reject);
      answer.on('end', () =>
        resolve({
          status: answer.statusCode ?? 502,
          type: answer.headers['content-type'] ?? '',
          body: Buffer.concat(chunks),
        }),
      );
    })
      .on('error', reject)
      .end();
  });

const pass = process.env.BARE_PROXY_CLIENT === 'http' ? throughNodeHttp : throughFetch;

createServer(async (request, response) => {
  try {
    const { status, type, body } = await pass(request.url ?? '/');
    response.writeHead(status, { 'content-type': type || 'application/octet-stream' }).end(body);
  } catch {
    response.writeHead(502).end();
  }
}).listen(Number(process.env.BARE_PROXY_PORT ?? 8760));
