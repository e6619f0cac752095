import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { nodeAppOutcome } from '../testdata/outcomes.js';
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
  });

  it('defuses spreadsheet formulas and quotes separators', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('-1+2'), "'-1+2");
    assert.equal(csvCell('a,b'), '"a,b"');
  });
});
