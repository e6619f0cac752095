import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ImageMeta } from '../../inventory/model.js';
import { NOW, nodeAppFullOutcome, nodeAppOutcome } from '../testdata/outcomes.js';
import { nodeAppImage } from '../testdata/real-scan.js';
import { splitBaseLayers } from './base-layers.js';
import { osSupport } from './eol.js';
import { renderSummary, summarise } from './summary.js';

describe('summary', () => {
  it('splits node-app into the debootstrap base layer and the BuildKit layers on top (real history)', () => {
    assert.deepEqual(splitBaseLayers(nodeAppImage()), { baseLayers: [0], addedLayers: [1, 2, 3, 4], rule: 'buildkit' });
  });

  it('falls back to layer 0 without history, and uses the #(nop) rule for classic builds', () => {
    const img = (createdBy: (string | undefined)[]): ImageMeta => ({
      reference: 'x', names: [], configDigest: 'sha256:0', platform: 'linux/amd64',
      layers: createdBy.map((c, index) => ({ index, diffId: `sha256:${index}`, createdBy: c })),
    });
    assert.deepEqual(splitBaseLayers(img([undefined, undefined])).baseLayers, [0]);
    assert.deepEqual(splitBaseLayers(img(['/bin/sh -c #(nop) ADD file:abc in / ', '/bin/sh -c #(nop) COPY file:def in /x ', '/bin/sh -c apt-get update'])).baseLayers, [0, 1]);
  });

  it('knows distro support windows', () => {
    const debian = (version: string) => ({ family: 'debian' as const, name: `Debian ${version}`, version });
    assert.equal(osSupport(debian('10'), NOW).status, 'end-of-life');
    assert.equal(osSupport(debian('11'), NOW).status, 'end-of-life', 'bullseye LTS ended 2026-08-31');
    assert.equal(osSupport(debian('11'), new Date('2025-01-01')).status, 'lts');
    assert.equal(osSupport(debian('12'), new Date('2025-01-01')).status, 'supported');
    assert.equal(osSupport(debian('12'), NOW).status, 'lts');
    assert.equal(osSupport({ family: 'alpine', name: 'Alpine', version: '3.19.1' }, NOW).status, 'end-of-life');
    assert.equal(osSupport({ family: 'alpine', name: 'Alpine', version: '3.22.2' }, NOW).status, 'supported');
    assert.equal(osSupport({ family: 'debian', name: 'Debian', version: '99' }, NOW).status, 'unknown');
  });

  it('counts base vs added layers so that they add up to the total', () => {
    const outcome = nodeAppOutcome();
    const [s] = summarise(outcome, NOW);
    assert.equal(s!.base.counts.UNKNOWN, outcome.counts.UNKNOWN, 'the Debian findings are all in the base layer');
    assert.equal(s!.added.counts.CRITICAL, outcome.counts.CRITICAL, 'the npm findings are all added on top');
    const text = renderSummary(outcome, { now: NOW });
    assert.match(text, /OS: +Debian GNU\/Linux 12 \(bookworm\): long-term support only/);
    assert.match(text, /^base \(layer 1 of 5\) /m);
    assert.match(text, /^added \(layers 2-5 of 5\) /m);
    assert.ok(text.split('\n').length <= 25, 'fits one screen');
  });
});

describe('summary: counts per kind', () => {
  it('secrets (with how many sit in deleted files), misconfigurations and licences, still one screen', () => {
    const text = renderSummary(nodeAppFullOutcome(), { now: NOW });
    assert.match(text, /^Secrets: +5 \(C 2, H 3\), 2 in files deleted by a later layer \(still in the image\)$/m);
    assert.match(text, /^Misconfigurations: +6 \(C 1, H 1, M 1, L 3\)$/m);
    assert.match(text, /^Licence findings: +84 \(H 1, M 2, L 80, U 1\)$/m);
    assert.ok(text.split('\n').length <= 25, 'fits one screen');
    assert.doesNotMatch(renderSummary(nodeAppOutcome(), { now: NOW }), /Secrets|Misconfigurations|Licence/, 'no sections for scanners that did not run');
  });
});
