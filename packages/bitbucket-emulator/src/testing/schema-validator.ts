// Validates emulator responses against the JSON schemas generated from Atlassian's API description.
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { bitbucketSchema } from '@pail/shared/bitbucket/schemas';
import type { BitbucketSchemaName } from '@pail/shared/bitbucket/schemas';

// strict: unknown keywords or formats in the schema are errors; allErrors: report every mismatch at once.
const ajv = new Ajv({ strict: true, allErrors: true });
addFormats(ajv);

const compiled = new Map<BitbucketSchemaName, ValidateFunction>();

export function schemaErrors(name: BitbucketSchemaName, body: unknown): string[] {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(bitbucketSchema(name));
    compiled.set(name, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}
