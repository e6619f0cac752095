// A real HTTP server on 127.0.0.1 for the update tests: serves a folder with Range support, and can cut a
// response short, ignore Range, or be switched off, to reproduce what mirrors do in the wild.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import assert from 'node:assert/strict';
import { HullscanError } from '../../errors.js';

export interface TestMirror {
  url: string;
  requests: { path: string; headers: IncomingHttpHeaders; status: number }[];
  /** Cut the next response for a path ending with this after `bytes` bytes. */
  cutNext?: { suffix: string; bytes: number };
  ignoreRange?: boolean;
  stop(): Promise<void>;
}

export async function startMirror(dir: string): Promise<TestMirror> {
  const mirror = { requests: [] } as unknown as TestMirror;
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    const file = join(dir, path);
    const st = statSync(file, { throwIfNoEntry: false });
    const log = (status: number) => mirror.requests.push({ path, headers: req.headers, status });
    if (!st?.isFile() || path.includes('..')) { log(404); res.writeHead(404).end(); return; }
    let body = readFileSync(file);
    let status = 200;
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' };
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !mirror.ignoreRange) {
      const from = Number(range[1]);
      if (from >= body.length) { log(416); res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end(); return; }
      headers['content-range'] = `bytes ${from}-${body.length - 1}/${body.length}`;
      body = body.subarray(from);
      status = 206;
    }
    headers['content-length'] = body.length;
    log(status);
    res.writeHead(status, headers);
    const cut = mirror.cutNext;
    if (cut && path.endsWith(cut.suffix)) {
      mirror.cutNext = undefined;
      res.write(body.subarray(0, cut.bytes), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  mirror.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  mirror.stop = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return mirror;
}

/** The update must fail with a HullscanError whose message is one line matching `re`. */
export async function rejectsOneLine(p: Promise<unknown>, re: RegExp): Promise<HullscanError> {
  try { await p; } catch (e) {
    assert.ok(e instanceof HullscanError, `not a HullscanError: ${String(e)}`);
    assert.match(e.message, re);
    assert.equal(e.message.split('\n').length, 1);
    return e;
  }
  assert.fail('expected a rejection');
}
