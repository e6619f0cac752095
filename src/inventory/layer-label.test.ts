import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { join } from 'node:path';
import { imageMeta, openImage } from '../source/index.js';
import type { ImageMeta } from './model.js';
import { CORPUS } from './testing/corpus.js';
import { layerLabel, layerLabelAt, layerOf, layerStep, shortDiffId } from './layer-label.js';

describe('layer labels', () => {
  let image: ImageMeta; // node-app's real five layers and history, as the source reads them
  before(async () => {
    const [source] = await openImage(join(CORPUS, 'node-app.oci-zstd.tar'));
    image = imageMeta(source!);
  });
  const layer = (i: number) => image.layers[i]!;

  it('count from the base starting at 1, out of the layer count, with the short diffID', () => {
    assert.equal(layerOf(layer(0), image), '1 of 5');
    assert.equal(layerLabel(layer(3), image), 'layer 4 of 5 (sha256:673d607d7164)');
    assert.equal(layerStep(layer(2), image), 'layer 3 of 5 (sha256:f9c64a251ed4): RUN /bin/sh -c npm ci --ignore-scripts # buildkit');
  });

  it('without history, the label alone; a step on several lines reads as one', () => {
    assert.equal(layerStep({ ...layer(3), createdBy: undefined }, image), 'layer 4 of 5 (sha256:673d607d7164)');
    assert.equal(layerStep({ ...layer(3), createdBy: 'RUN a &&\n    b' }, image), 'layer 4 of 5 (sha256:673d607d7164): RUN a && b');
  });

  it('never says "6 of 5" for a layer the image meta does not list', () => {
    assert.equal(layerOf({ index: 5 }, image), '6 of 6');
    assert.equal(layerLabelAt(5, 5, layer(4).diffId), 'layer 6 of 6 (sha256:4805ca408bc4)');
  });

  it('from an index, a count and a diffID (sources, layer scans): the same words as from the image meta', () => {
    for (const l of image.layers) assert.equal(layerLabelAt(l.index, image.layers.length, l.diffId), layerLabel(l, image));
    assert.equal(layerLabelAt(0, undefined, layer(0).diffId), 'layer 1 (sha256:2be5dec7f2bc)', 'without a count: still from 1');
  });

  it('short diffIDs keep the algorithm and 12 hex digits', () => {
    assert.equal(shortDiffId('sha256:4805ca408bc43e1f473ba543313d562db48e1ce5b25576587635d6c9623edc9f'), 'sha256:4805ca408bc4');
    assert.equal(shortDiffId('sha512:ABCDEF0123456789ab'), 'sha512:ABCDEF012345');
    assert.equal(shortDiffId('not-a-digest'), 'not-a-digest');
  });
});
