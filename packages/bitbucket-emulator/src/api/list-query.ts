// Applies `q=` and `sort=` to a collection of serialized objects, answering 400 for bad queries and fields.
import type { BitbucketSchemaName } from '@pail/shared/bitbucket/schemas';
import { hasFieldPath } from '../query/field-paths';
import { evaluate } from '../query/q-evaluate';
import { QuerySyntaxError } from '../query/q-lexer';
import { fieldsOf, parseQuery } from '../query/q-parser';
import { parseSort, sortBy } from '../query/sort';
import { ApiError } from './api-error';

export interface ListQuery {
  q: string | undefined;
  sort: string | undefined;
}

export function applyListQuery<T>(
  definition: BitbucketSchemaName,
  items: readonly T[],
  query: ListQuery,
): T[] {
  let out = [...items];
  if (query.q !== undefined && query.q.trim() !== '') {
    let root;
    try {
      root = parseQuery(query.q);
    } catch (error) {
      if (error instanceof QuerySyntaxError) {
        throw new ApiError(
          400,
          'Invalid query',
          `${error.message} at position ${error.position + 1}.`,
        );
      }
      throw error;
    }
    for (const field of fieldsOf(root)) {
      if (!hasFieldPath(definition, field)) throw new ApiError(400, `Invalid field name: ${field}`);
    }
    out = out.filter((item) => evaluate(root, item));
  }
  if (query.sort !== undefined && query.sort !== '') {
    const { field, descending } = parseSort(query.sort);
    if (!hasFieldPath(definition, field)) throw new ApiError(400, `Invalid sort field: ${field}`);
    out = sortBy(out, field, descending);
  }
  return out;
}
