import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { nodeAppFullOutcome, nodeAppOutcome } from '../testdata/outcomes.js';
import { csvCell, renderCsv } from './csv.js';

/** RFC 4180 reader, written separately from the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  return rows;
}

describe('CSV', () => {
  it('one row per finding, every row as wide as the header, values intact', () => {
    const outcome = nodeAppOutcome();
    const rows = parseCsv(renderCsv(outcome));
    assert.equal(rows.length, outcome.results[0]!.findings.length + 1);
    for (const r of rows) assert.equal(r.length, rows[0]!.length);
    const h = rows[0]!;
    const lodash = rows.find((r) => r[h.indexOf('vulnerability')] === 'CVE-2021-23337')!;
    assert.equal(lodash[h.indexOf('package')], 'lodash');
    assert.equal(lodash[h.indexOf('fixed')], '4.17.21');
    assert.equal(lodash[h.indexOf('path')], '/app/node_modules/lodash/package.json');
    assert.equal(lodash[h.indexOf('created_by')], 'RUN /bin/sh -c npm ci --ignore-scripts # buildkit');
    // npm ci ran in the third of node-app's five layers (index 2): counted from the base, 1-based, with the total
    assert.equal(lodash[h.indexOf('layer')], '3 of 5');
    assert.equal(lodash[h.indexOf('layer_diff_id')], outcome.results[0]!.inventory.image.layers[2]!.diffId);
  });

  it('defuses spreadsheet formulas and quotes separators', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('-1+2'), "'-1+2");
    assert.equal(csvCell('a,b'), '"a,b"');
  });
});

describe('CSV: secrets, misconfigurations and licences', () => {
  it('one row per finding of every kind, told apart by the kind column, as wide as the header', () => {
    const outcome = nodeAppFullOutcome();
    const r = outcome.results[0]!;
    const rows = parseCsv(renderCsv(outcome));
    const h = rows[0]!;
    for (const row of rows) assert.equal(row.length, h.length);
    const kinds = rows.slice(1).map((row) => row[h.indexOf('kind')]);
    assert.equal(kinds.filter((k) => k === 'vulnerability').length, r.findings.length);
    assert.equal(kinds.filter((k) => k === 'secret').length, r.inventory.secrets.length);
    assert.equal(kinds.filter((k) => k === 'misconfiguration').length, r.inventory.misconfigurations.length);
    assert.equal(kinds.filter((k) => k === 'license').length, r.licenses!.length);
    const col = (row: string[], name: string) => row[h.indexOf(name)];
    const aws = rows.find((row) => col(row, 'vulnerability') === 'aws-access-key-id')!;
    assert.deepEqual([col(aws, 'severity'), col(aws, 'status'), col(aws, 'path'), col(aws, 'line'), col(aws, 'layer'), col(aws, 'created_by'), col(aws, 'detail'), col(aws, 'layer_diff_id')],
      ['CRITICAL', 'deleted', '/root/.aws/credentials', '2', '4 of 5', 'COPY secrets/ / # buildkit',
        'aws_access_key_id = *****; deleted in a later layer, still in layer 4 of 5 (sha256:673d607d7164)', r.inventory.image.layers[3]!.diffId]);
    const df = rows.find((row) => col(row, 'vulnerability') === 'HS-DS-011')!;
    assert.deepEqual([col(df, 'kind'), col(df, 'path'), col(df, 'line')], ['misconfiguration', 'Dockerfile', '1']);
    assert.match(col(rows.find((row) => col(row, 'vulnerability') === 'HS-DS-002')!, 'detail')!, /^no USER .* Fix: Create an unprivileged user/);
    const gpl = rows.find((row) => col(row, 'vulnerability') === 'GPL-2.0-or-later')!;
    assert.deepEqual([col(gpl, 'kind'), col(gpl, 'status'), col(gpl, 'package'), col(gpl, 'installed')], ['license', 'strong-copyleft', 'libc-devtools', '2.36-9+deb12u14']);
  });
});
