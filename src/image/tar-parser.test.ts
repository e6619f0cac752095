import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, symlinkSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { TarParser, type TarHeader } from './tar-parser.js';
import { tarBuffer } from './fixture-tar.js';

const CORPUS = '/work/shared/corpus';

interface Seen { name: string; type: string; size: number; linkname: string; content?: string }

async function parse(data: Buffer, chunk = 4096, keep = false): Promise<Seen[]> {
  const out: Seen[] = [];
  const parser = new TarParser((h: TarHeader) => {
    const s: Seen = { name: h.name, type: h.type, size: h.size, linkname: h.linkname };
    out.push(s);
    if (!keep || h.type !== 'file') return undefined;
    const parts: Buffer[] = [];
    return { write: (c) => parts.push(Buffer.from(c)), end: () => { s.content = Buffer.concat(parts).toString('utf8'); } };
  });
  const chunks = function* () { for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk); };
  await pipeline(Readable.from(chunks()), parser);
  return out;
}

/** tar-stream (a well-used independent implementation) as the oracle. */
async function oracle(data: Buffer): Promise<Seen[]> {
  const out: Seen[] = [];
  const ex = tar.extract();
  ex.on('entry', (h, stream, next) => {
    const type = h.type === 'file' || h.type === 'contiguous-file' ? 'file' : h.type === 'directory' ? 'dir'
      : h.type === 'symlink' ? 'symlink' : h.type === 'link' ? 'hardlink' : 'other';
    out.push({ name: h.name.replace(/\/$/, ''), type, size: type === 'file' ? h.size ?? 0 : 0, linkname: h.linkname ?? '' });
    stream.on('end', next);
    stream.resume();
  });
  await pipeline(Readable.from([data]), ex);
  return out;
}

function layerOf(archive: string, member: string): Buffer {
  return execFileSync('tar', ['-xOf', archive, member], { maxBuffer: 512 * 1024 * 1024 });
}

test('entries of real corpus layers equal tar-stream\'s reading (pax long names, UTF-8, hard links)', async () => {
  const cases = [
    [`${CORPUS}/multiarch-index.oci.tar`, 'blobs/sha256/c1c7b2ba07ea2caa1e7e880d4aa828ea360835ffe7dbeb77074f78ffc3a67b21'],
    [`${CORPUS}/debian12-pkgdb-2025.docker.tar`, 'blobs/sha256/13056448ce1c1ebb2f93dcdc1db1f63d4665b8c6751e9674202fbb200fc3ffd9'],
    [`${CORPUS}/multi-lang.docker.tar`, '16c1f196e1024056579bd400fdc8f5c91a47342713c114c5bbe5f8229fd491b8.tar.gz'],
  ] as const;
  for (const [archive, member] of cases) {
    const data = gunzipSync(layerOf(archive, member));
    const mine = (await parse(data, 7919)).map((e) => ({ ...e, name: e.name.replace(/\/$/, '') }));
    assert.deepEqual(mine, await oracle(data), member);
  }
  const pax = (await parse(gunzipSync(layerOf(cases[0][0], cases[0][1])))).map((e) => e.name);
  assert.ok(pax.some((n) => n.length > 300 && n.endsWith('README-long-name-0123456789.txt')), 'pax path longer than 300 chars');
  assert.ok(pax.includes('usr/share/doc/hullscan-pax/ünïcødé-名前-Főtanúsítvány.txt'));
});

test('GNU tar formats: gnu long names (L/K records), ustar prefix, hard links and symlinks; content survives any chunking', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-tarparser-'));
  try {
    const long = 'd'.repeat(120) + '/' + 'e'.repeat(130);
    mkdirSync(join(dir, 'root', long), { recursive: true });
    writeFileSync(join(dir, 'root', long, 'f.txt'), 'deep file\n');
    const mid = 'd'.repeat(120) + '/g.txt';
    writeFileSync(join(dir, 'root', mid), 'prefix\n');
    writeFileSync(join(dir, 'root', 'a.txt'), 'x'.repeat(1000));
    linkSync(join(dir, 'root', 'a.txt'), join(dir, 'root', 'hard.txt'));
    symlinkSync('../' + 'z'.repeat(150), join(dir, 'root', 'sym'));
    for (const format of ['gnu', 'ustar', 'posix']) {
      if (format === 'ustar') continue; // ustar cannot store a 150-char link target; covered by prefix names below
      const data = execFileSync('tar', [`--format=${format}`, '--sort=name', '-cf', '-', '-C', join(dir, 'root'), '.']);
      for (const chunk of [1, 511, 512, 513, 65536]) {
        const got = await parse(data, chunk, true);
        assert.deepEqual(got.map(({ content, ...e }) => ({ ...e, name: e.name.replace(/\/$/, '') })), await oracle(data), `${format} chunk ${chunk}`);
        assert.equal(got.find((e) => e.name.endsWith('/f.txt'))?.content, 'deep file\n');
        assert.equal(got.find((e) => e.name === './a.txt')?.content, 'x'.repeat(1000));
        assert.equal(got.find((e) => e.name === './sym')?.linkname, '../' + 'z'.repeat(150));
      }
    }
    const prefixed = execFileSync('tar', ['--format=ustar', '-cf', '-', '-C', join(dir, 'root'), `./${mid}`]);
    const got = await parse(prefixed, 512, true);
    assert.equal(got.at(-1)?.name, `./${mid}`);
    assert.equal(got.at(-1)?.content, 'prefix\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('garbage is an invalid header, a cut-off entry is unexpected end of data, a missing trailer is fine', async () => {
  await assert.rejects(parse(readFileSync(`${CORPUS}/bad/not-a-tar.tar`)), /invalid tar header at offset 0/);
  const data = tarBuffer([{ name: 'a', content: 'y'.repeat(2000) }, { name: 'b', content: 'z' }]);
  await assert.rejects(parse(data.subarray(0, 1500)), /unexpected end of data/);
  const noTrailer = data.subarray(0, data.length - 1024);
  assert.deepEqual((await parse(noTrailer)).map((e) => e.name), ['a', 'b']);
  assert.deepEqual(await parse(Buffer.alloc(0)), []);
  const garbled = Buffer.from(data);
  garbled.fill(0x41, 2560, 2560 + 300); // second header (after 512 + 2048): no magic, bad checksum
  await assert.rejects(parse(garbled), /invalid tar header at offset 2560/);
});
