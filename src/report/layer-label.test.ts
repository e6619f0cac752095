import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { nodeAppImage } from './testdata/real-scan.js';
import { layerLabel, layerOf, layerStep, shortDiffId } from './layer-label.js';

describe('layer labels', () => {
  const image = nodeAppImage(); // node-app's real five layers and history
  const [base, , npmCi, secrets] = image.layers;

  it('count from the base starting at 1, out of the layer count, with the short diffID', () => {
    assert.equal(layerOf(base!, image), '1 of 5');
    assert.equal(layerLabel(secrets!, image), 'layer 4 of 5 (sha256:673d607d7164)');
    assert.equal(layerStep(npmCi!, image), 'layer 3 of 5 (sha256:f9c64a251ed4): RUN /bin/sh -c npm ci --ignore-scripts # buildkit');
  });

  it('without history, the label alone; a step on several lines reads as one', () => {
    assert.equal(layerStep({ ...secrets!, createdBy: undefined }, image), 'layer 4 of 5 (sha256:673d607d7164)');
    assert.equal(layerStep({ ...secrets!, createdBy: 'RUN a &&\n    b' }, image), 'layer 4 of 5 (sha256:673d607d7164): RUN a && b');
  });

  it('never says "6 of 5" for a layer the image meta does not list', () => {
    assert.equal(layerOf({ index: 5 }, image), '6 of 6');
  });

  it('short diffIDs keep the algorithm and 12 hex digits', () => {
    assert.equal(shortDiffId('sha256:4805ca408bc43e1f473ba543313d562db48e1ce5b25576587635d6c9623edc9f'), 'sha256:4805ca408bc4');
    assert.equal(shortDiffId('sha512:ABCDEF0123456789ab'), 'sha512:ABCDEF012345');
    assert.equal(shortDiffId('not-a-digest'), 'not-a-digest');
  });
});
