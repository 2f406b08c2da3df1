// JSON Schemas of Bitbucket payloads for runtime validation (ajv), generated from Atlassian's API description.
import { BITBUCKET_SCHEMA_NAMES, bitbucketJsonSchema } from './generated/json-schema';
import type { BitbucketSchemaName } from './generated/json-schema';

export { BITBUCKET_SCHEMA_NAMES, bitbucketJsonSchema };
export type { BitbucketSchemaName };

/** The `$id` of {@link bitbucketJsonSchema}; after `ajv.addSchema(bitbucketJsonSchema)`, use `${id}#/$defs/<name>`. */
export const BITBUCKET_SCHEMA_ID = bitbucketJsonSchema.$id;

export interface BitbucketDefinitionSchema {
  $ref: string;
  $defs: Record<BitbucketSchemaName, object>;
}

export function isBitbucketSchemaName(name: string): name is BitbucketSchemaName {
  return (BITBUCKET_SCHEMA_NAMES as readonly string[]).includes(name);
}

/**
 * A self-contained JSON Schema for one definition (e.g. `'repository'`, `'paginated_repositories'`,
 * `'error'`), ready for `ajv.compile`. Carries no `$id`, so it can be compiled any number of times.
 */
export function bitbucketSchema(name: BitbucketSchemaName): BitbucketDefinitionSchema {
  if (!isBitbucketSchemaName(name)) throw new Error(`Unknown Bitbucket schema "${String(name)}"`);
  return { $ref: `#/$defs/${name}`, $defs: bitbucketJsonSchema.$defs };
}
