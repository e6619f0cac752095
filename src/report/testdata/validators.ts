// Test helper: ajv validators for the official schemas in ../shared/schemas and our own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export: under NodeNext it arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
import { SHARED } from './real-scan.js';

/** A plain boolean validator (ajv's own is a type guard, which narrows the checked value to `unknown`). */
export interface Validator { (data: unknown): boolean; errors?: ValidateFunction['errors'] }

const SCHEMAS = join(SHARED, 'schemas');
const load = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

function draft07(): Ajv {
  // unicodeRegExp off: the SARIF schema's language pattern is not valid under the 'u' flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv;
}

/** The SARIF schema is draft-04; its only draft-04-isms are `id` and `$schema`, so it compiles as draft-07 once renamed. */
export function sarifValidator(): Validator {
  const { $schema: _draft04, id, ...rest } = load(join(SCHEMAS, 'sarif-2.1.0.schema.json'));
  return draft07().compile({ $id: id, ...rest });
}

/** The SPDX 2.3 schema is draft 2019-09. */
export function spdxValidator(): Validator {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(load(join(SCHEMAS, 'spdx-2.3.schema.json')));
}

/** CycloneDX 1.6 refers to three other schemas by $id: register all four, then compile the BOM schema. */
export function cyclonedxValidator(): Validator {
  const ajv = draft07();
  // The BOM schema refers to them by their file names (spdx.SNAPSHOT.schema.json) relative to its own $id.
  for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json']) {
    ajv.addSchema({ ...load(join(SCHEMAS, f)), $id: `http://cyclonedx.org/schema/${f}` });
  }
  return ajv.compile(load(join(SCHEMAS, 'bom-1.6.SNAPSHOT.schema.json')));
}

export function gitlabValidator(): Validator {
  return draft07().compile(load(new URL('../gitlab/testdata/container-scanning-15.schema.json', import.meta.url).pathname));
}

export function jsonReportValidator(): Validator {
  return draft07().compile(load(new URL('../json/schema.json', import.meta.url).pathname));
}

/** ajv errors as one readable string for assertion messages. */
export function errorsOf(v: Validator): string {
  return (v.errors ?? []).slice(0, 10).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}
