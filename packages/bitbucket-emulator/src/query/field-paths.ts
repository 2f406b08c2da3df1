// Which dotted fields exist on a Bitbucket object, read from the generated JSON schema, so typos answer 400.
import { bitbucketJsonSchema } from '@pail/shared/bitbucket/schemas';
import type { BitbucketSchemaName } from '@pail/shared/bitbucket/schemas';

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
};

const defs = bitbucketJsonSchema.$defs as Record<string, Schema>;

/** Where the schema names a base type, real payloads carry a subtype's fields too (an owner is a user or team). */
const SUBTYPES: Record<string, readonly string[]> = {
  account: ['user', 'team'],
  base_commit: ['commit'],
};

/** The object schemas `schema` may stand for, following $ref, allOf, anyOf/oneOf and array items. */
function expand(schema: Schema, seen = new Set<string>()): Schema[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/$defs/', '');
    if (seen.has(name)) return [];
    seen.add(name);
    const target = defs[name];
    const subtypes = (SUBTYPES[name] ?? []).flatMap((sub) =>
      expand({ $ref: `#/$defs/${sub}` }, seen),
    );
    return [...(target ? expand(target, seen) : []), ...subtypes];
  }
  const parts = [schema, ...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  const expanded = parts.flatMap((part) => (part === schema ? [part] : expand(part, seen)));
  return schema.items ? [...expanded, ...expand(schema.items, seen)] : expanded;
}

export function hasFieldPath(definition: BitbucketSchemaName, path: string): boolean {
  let current: Schema[] = expand({ $ref: `#/$defs/${definition}` });
  for (const key of path.split('.')) {
    const next = current.flatMap((schema) => {
      const property = schema.properties?.[key];
      return property ? expand(property) : [];
    });
    if (next.length === 0) return false;
    current = next;
  }
  return true;
}
