// A real HTTP proxy on 127.0.0.1 in front of a test registry, to reproduce what networks and CDNs do to blob
// downloads: cut a response short after N body bytes (once), drop the Range header on its way (a registry that
// ignores it), or redirect blob GETs to a "CDN" path that ignores Range. It logs every request with the body bytes
// it passed on, so a test can tell how much a resumed download really fetched.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ProxiedRequest { method: string; path: string; range?: string; status: number; bytes: number }

export interface CuttingProxy {
  /** host:port to use as the registry (plain HTTP). */
  host: string;
  requests: ProxiedRequest[];
  /** Close the connection of the next response whose path contains `pathIncludes` after `bytes` body bytes. */
  cutNext?: { pathIncludes: string; bytes: number };
  /** Forward requests without their Range header: the registry answers 200 with the whole blob. */
  ignoreRange?: boolean;
  /** Answer blob GETs with a 307 to /cdn/<same path>, which is forwarded without Range. */
  redirectBlobsToCdn?: boolean;
  stop(): Promise<void>;
}

export async function startCuttingProxy(upstream: string): Promise<CuttingProxy> {
  const [upHost, upPort] = upstream.split(':') as [string, string];
  const proxy = { requests: [] } as unknown as CuttingProxy;
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const log: ProxiedRequest = { method: req.method ?? 'GET', path: url, ...(req.headers.range ? { range: req.headers.range } : {}), status: 0, bytes: 0 };
    proxy.requests.push(log);
    if (proxy.redirectBlobsToCdn && req.method === 'GET' && /^\/v2\/.+\/blobs\/sha256:/.test(url)) {
      log.status = 307;
      res.writeHead(307, { location: `/cdn${url}`, 'content-length': 0 }).end();
      return;
    }
    const viaCdn = url.startsWith('/cdn/');
    const headers: IncomingHttpHeaders = { ...req.headers, host: upstream };
    if (proxy.ignoreRange || viaCdn) delete headers.range;
    const up = request({ host: upHost, port: Number(upPort), method: req.method, path: viaCdn ? url.slice(4) : url, headers }, (upRes) => {
      log.status = upRes.statusCode ?? 0;
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      const cut = proxy.cutNext && url.includes(proxy.cutNext.pathIncludes) ? proxy.cutNext : undefined;
      if (cut) proxy.cutNext = undefined;
      let cutDone = false;
      upRes.on('data', (chunk: Buffer) => {
        if (cutDone) return;
        if (cut && log.bytes + chunk.length >= cut.bytes) {
          cutDone = true;
          const part = chunk.subarray(0, cut.bytes - log.bytes);
          log.bytes += part.length;
          upRes.destroy();
          // let the bytes reach the client before the connection drops mid-body
          res.write(part, () => setTimeout(() => res.socket?.destroy(), 20));
          return;
        }
        log.bytes += chunk.length;
        res.write(chunk);
      });
      upRes.on('end', () => res.end());
    });
    up.on('error', () => res.socket?.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy.stop = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return proxy;
}
