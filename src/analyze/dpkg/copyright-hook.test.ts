// The dpkg analyzer's copyright hook: which copyright file a package's licences come from. The shapes
// are those of the corpus's big image (binutils-x86-64-linux-gnu -> libbinutils -> binutils-common,
// python3's quoted PSF licence, fontconfig's permission notice with no name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileEntry, FileInfo } from '../../image/types.js';
import { dpkgAnalyzer } from './dpkg.js';

const layer = { index: 0, diffId: `sha256:${'0'.repeat(64)}` };
const file = (path: string, text: string): FileEntry => ({
  info: { path, kind: 'file', size: text.length, mode: 0o644, layer }, content: Buffer.from(text), truncated: false, deleted: false,
});
const link = (path: string, target: string): FileEntry => ({
  info: { path, kind: 'symlink', size: 0, mode: 0o777, linkTarget: target, layer }, content: Buffer.alloc(0), truncated: false, deleted: false,
});

const stanza = (name: string) => `Package: ${name}\nStatus: install ok installed\nVersion: 1\nArchitecture: amd64\n`;

async function licencesOf(entries: FileEntry[]) {
  const wanted = entries.filter((e) => dpkgAnalyzer.wants(e.info.path, e.info as FileInfo));
  async function* files() { yield* wanted; }
  const { packages } = await dpkgAnalyzer.analyze(files(), { readFile: () => undefined, warn: () => {} });
  return Object.fromEntries(packages!.map((p) => [p.name, { licenses: p.licenses, raw: p.licenseRaw }]));
}

test('doc directories that are symlinks (chains too) give their target package\'s copyright', async () => {
  const binutils = `GNU Binutils is Copyright (C) 1990-2023 Free Software Foundation, Inc.

   This program is free software; you can redistribute it and/or modify
   it under the terms of the GNU General Public License as published by
   the Free Software Foundation; either version 3 of the License, or
   (at your option) any later version.
`;
  const got = await licencesOf([
    file('/var/lib/dpkg/status', ['binutils-common', 'libbinutils', 'binutils-x86-64-linux-gnu', 'orphan'].map(stanza).join('\n')),
    file('/usr/share/doc/binutils-common/copyright', binutils),
    link('/usr/share/doc/libbinutils', 'binutils-common'),
    link('/usr/share/doc/binutils-x86-64-linux-gnu', 'libbinutils'),
    link('/usr/share/doc/orphan', '../../../etc'), // leaves /usr/share/doc: ignored
  ]);
  for (const name of ['binutils-common', 'libbinutils', 'binutils-x86-64-linux-gnu']) assert.deepEqual(got[name]!.licenses, ['GPL-3.0-or-later'], name);
  assert.deepEqual(got.orphan!.licenses, []);
});

test('a quoted licence is known by its title; an unnamed permission notice is kept as the file words it', async () => {
  const got = await licencesOf([
    file('/var/lib/dpkg/status', ['python3', 'fontconfig-config'].map(stanza).join('\n')),
    file('/usr/share/doc/python3/copyright', 'Copyright notice (as found in LICENSE in the original source).\n\nPYTHON SOFTWARE FOUNDATION LICENSE VERSION 2\n--------------------------------------------\n\n1. This LICENSE AGREEMENT is between the Python Software Foundation\n'),
    file('/usr/share/doc/fontconfig-config/copyright', `Upstream Author: Keith Packard

Copyright © 2001,2003 Keith Packard

Permission to use, copy, modify, distribute, and sell this software and its
documentation for any purpose is hereby granted without fee, provided that
the above copyright notice appear in all copies and that both that
copyright notice and this permission notice appear in supporting
documentation.
`),
  ]);
  assert.deepEqual(got.python3!.licenses, ['PSF-2.0']);
  const [fc] = got['fontconfig-config']!.licenses;
  assert.equal(fc, 'Permission to use, copy, modify, distribute, and sell this software and its documentation for any purpose is hereby granted without fee, provided that the ...');
  assert.deepEqual(got['fontconfig-config']!.raw, [fc]);
});
