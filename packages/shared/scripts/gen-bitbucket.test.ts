import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DESCRIPTION_PATH,
  GENERATED_DIR,
  ROOT_SCHEMAS,
  generateBitbucketFiles,
} from './bitbucket-codegen';
import { bitbucketJsonSchema } from '../src/bitbucket/generated/json-schema';

describe('pnpm gen:bitbucket', () => {
  // The API description sits beside the repository (`../shared`), not in it; a checkout without it still
  // builds from the committed files, it just cannot prove them current.
  it.skipIf(!existsSync(DESCRIPTION_PATH))(
    'has been run: the committed files are exactly what the generator produces now',
    async () => {
      const description: unknown = JSON.parse(await readFile(DESCRIPTION_PATH, 'utf8'));
      const files = await generateBitbucketFiles(description);
      expect((await readdir(GENERATED_DIR)).sort()).toEqual(Object.keys(files).sort());
      for (const [name, contents] of Object.entries(files)) {
        const committed = await readFile(join(GENERATED_DIR, name), 'utf8');
        expect(committed, `${name} is stale: run pnpm gen:bitbucket`).toBe(contents);
      }
    },
  );

  it('keeps every root schema and applies the overrides real payloads need', () => {
    const defs = bitbucketJsonSchema.$defs as Record<string, { allOf?: { properties?: object }[] }>;
    for (const name of ROOT_SCHEMAS) expect(defs).toHaveProperty(name);
    const repository = defs.repository?.allOf?.[1]?.properties;
    expect(repository).toHaveProperty('slug');
    expect(repository).toHaveProperty('workspace');
    expect(JSON.stringify(bitbucketJsonSchema)).not.toMatch(/"(nullable|discriminator)"/);
  });

  it('refuses a description that lacks a schema Pail relies on', async () => {
    await expect(generateBitbucketFiles({ components: { schemas: {} } })).rejects.toThrow(
      /not in the API description/,
    );
  });
});
