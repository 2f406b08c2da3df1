// Where real Bitbucket payloads differ from Atlassian's schema: the explicit list of patches gen:bitbucket applies.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const link = (): JsonObject => ref('link');

/** A `{ rel: link }` object whose rels are all optional and closed, like the schema's own link maps. */
function linkMap(rels: string[]): JsonObject {
  return {
    type: 'object',
    properties: Object.fromEntries(rels.map((rel) => [rel, link()])),
    additionalProperties: false,
  };
}

function paginated(title: string, items: JsonObject): JsonObject {
  return {
    type: 'object',
    title,
    description: `A paginated list of ${title.replace(/^Paginated /, '').toLowerCase()}.`,
    properties: {
      size: { type: 'integer', minimum: 0 },
      page: { type: 'integer', minimum: 1 },
      pagelen: { type: 'integer', minimum: 1 },
      next: { type: 'string', format: 'uri' },
      previous: { type: 'string', format: 'uri' },
      values: { type: 'array', items: items, minItems: 0 },
    },
    required: ['values'],
    additionalProperties: false,
  };
}

/** Finds the inline (non-$ref) part of an `allOf: [$ref object, {...}]` schema, where the fields live. */
function own(schemas: JsonObject, name: string): JsonObject {
  const schema = schemas[name] as JsonObject | undefined;
  if (!schema) throw new Error(`Override target "${name}" is not in the API description`);
  const allOf = schema.allOf as JsonObject[] | undefined;
  const body = allOf ? allOf.find((part) => !('$ref' in part)) : schema;
  if (!body || typeof body.properties !== 'object') {
    throw new Error(`Override target "${name}" has no inline properties`);
  }
  return body;
}

function props(schemas: JsonObject, name: string): JsonObject {
  return own(schemas, name).properties as JsonObject;
}

function nullable(schema: JsonObject): JsonObject {
  // OpenAPI 3.0 ignores siblings of $ref, so a nullable reference is wrapped in allOf.
  return '$ref' in schema ? { allOf: [schema], nullable: true } : { ...schema, nullable: true };
}

/**
 * Where real Bitbucket payloads carry more (or other) than Atlassian's schema says. Every entry names its
 * evidence; FACTS.md (§4, §5) is the authority. Applied to a deep copy of `components.schemas`.
 */
export function applyOverrides(schemas: JsonObject): void {
  // FACTS §5: real repository payloads carry slug, workspace and website; `links` also has branches, tags
  // and source (absent from the schema's closed link map); an empty repository has `mainbranch: null`.
  const repository = props(schemas, 'repository');
  repository.slug = { type: 'string', description: 'The URL-friendly name of the repository.' };
  repository.website = nullable({ type: 'string' });
  repository.workspace = ref('workspace');
  repository.mainbranch = nullable(ref('branch'));
  const repoLinks = repository.links as JsonObject;
  Object.assign(repoLinks.properties as JsonObject, {
    branches: link(),
    tags: link(),
    source: link(),
  });

  // FACTS §5: a workspace_access' workspace carries name and an html link too.
  const workspaceBase = props(schemas, 'workspace_base');
  workspaceBase.name = { type: 'string', description: 'The name of the workspace.' };
  workspaceBase.links = linkMap(['avatar', 'html', 'self']);

  // Real project payloads have a self link beside html and avatar.
  props(schemas, 'project').links = linkMap(['self', 'html', 'avatar']);

  // FACTS §3/§4: `detail` is an object on scope errors (`{required, granted}`); `fields` and `id` occur.
  const error = props(schemas, 'error').error as JsonObject;
  const errorProps = error.properties as JsonObject;
  errorProps.detail = {
    description: 'A human-readable explanation, or (on scope errors) `{ required, granted }`.',
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
  };
  errorProps.fields = {
    type: 'object',
    description: 'Field name to the messages about it, on validation errors.',
    additionalProperties: { type: 'array', items: { type: 'string' } },
  };
  errorProps.id = { type: 'string', description: 'An id for Atlassian support.' };

  // Real user payloads: `has_2fa_enabled` is null unless the caller is that user; `username` may appear.
  const user = props(schemas, 'user');
  user.has_2fa_enabled = nullable({ type: 'boolean' });
  user.username = { type: 'string', description: 'Deprecated; absent for most accounts.' };

  // Participants who never acted have a null timestamp.
  props(schemas, 'participant').participated_on = nullable({ type: 'string', format: 'date-time' });

  // Open pull requests carry `merge_commit: null` and `closed_by: null`; the commit stubs in source,
  // destination and merge_commit carry `type` and `links` beside `hash`.
  const commitStub: JsonObject = {
    type: 'object',
    title: 'Pull Request Commit',
    properties: {
      hash: { type: 'string', pattern: '[0-9a-f]{7,}?' },
      type: { type: 'string' },
      links: linkMap(['self', 'html']),
    },
    additionalProperties: false,
  };
  const pullrequest = props(schemas, 'pullrequest');
  pullrequest.merge_commit = nullable(commitStub);
  pullrequest.closed_by = nullable(ref('account'));
  const endpoint = schemas.pullrequest_endpoint as JsonObject;
  (endpoint.properties as JsonObject).commit = commitStub;

  // Lightweight tags have no message, date or tagger: real payloads send null.
  const tag = props(schemas, 'tag');
  tag.message = nullable(tag.message as JsonObject);
  tag.date = nullable(tag.date as JsonObject);
  tag.tagger = nullable(tag.tagger as JsonObject);

  // An added file has `old: null`, a removed one `new: null`.
  const diffstat = schemas.diffstat as JsonObject;
  const diffstatProps = diffstat.properties as JsonObject;
  diffstatProps.old = nullable(diffstatProps.old as JsonObject);
  diffstatProps.new = nullable(diffstatProps.new as JsonObject);

  // FACTS §5: `attributes` is a subset (array) of the enum, not one string; meta adds size/mimetype/links.
  const commitFile = schemas.commit_file as JsonObject;
  const commitFileProps = commitFile.properties as JsonObject;
  const attribute = commitFileProps.attributes as JsonObject;
  commitFileProps.attributes = {
    type: 'array',
    items: { type: 'string', enum: attribute.enum ?? null },
  };
  commitFileProps.size = { type: 'integer', minimum: 0 };
  commitFileProps.mimetype = nullable({ type: 'string' });
  commitFileProps.links = linkMap(['self', 'meta', 'history']);

  // Not in the description at all, but returned by `/src/{commit}/{dir}/` listings.
  schemas.commit_directory = {
    type: 'object',
    title: 'Commit Directory',
    description: 'A directory at a commit in a repository.',
    properties: {
      type: { type: 'string' },
      path: { type: 'string', description: 'The path in the repository' },
      commit: ref('commit'),
      links: linkMap(['self', 'meta']),
    },
    required: ['type'],
    additionalProperties: true,
  };
  // `/src` listings mix files and directories.
  (
    ((schemas.paginated_treeentries as JsonObject).properties as JsonObject).values as JsonObject
  ).items = { anyOf: [ref('commit_file'), ref('commit_directory')] };

  // `/2.0/user/emails` has no schema in the description (FACTS §5 gives the shape).
  schemas.email = {
    type: 'object',
    title: 'Email',
    description: 'An email address of the current user.',
    properties: {
      type: { type: 'string' },
      email: { type: 'string' },
      is_primary: { type: 'boolean' },
      is_confirmed: { type: 'boolean' },
      links: linkMap(['self']),
    },
    required: ['type', 'email'],
    additionalProperties: true,
  };
  schemas.paginated_emails = paginated('Paginated Emails', ref('email'));
}
