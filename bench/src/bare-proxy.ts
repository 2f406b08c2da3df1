// The floor any proxy pays: a pass-through of a few lines (node:http in, fetch out) with a fixed credential.
import { createServer } from 'node:http';

const upstream = process.env.BARE_PROXY_UPSTREAM ?? 'http://localhost:8790';
const authorization = process.env.BARE_PROXY_AUTHORIZATION ?? '';

createServer(async (request, response) => {
  try {
    const upstreamResponse = await fetch(`${upstream}${request.url ?? '/'}`, {
      headers: { authorization },
    });
    const body = Buffer.from(await upstreamResponse.arrayBuffer());
    const type = upstreamResponse.headers.get('content-type') ?? 'application/octet-stream';
    response.writeHead(upstreamResponse.status, { 'content-type': type }).end(body);
  } catch {
    response.writeHead(502).end();
  }
}).listen(Number(process.env.BARE_PROXY_PORT ?? 8760));
