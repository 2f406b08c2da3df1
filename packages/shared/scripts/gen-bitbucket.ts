// `pnpm gen:bitbucket`: regenerates src/bitbucket/generated/ from <repo>/../shared/bitbucket/swagger.v3.json.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DESCRIPTION_PATH, GENERATED_DIR, generateBitbucketFiles } from './bitbucket-codegen';

const description: unknown = JSON.parse(await readFile(DESCRIPTION_PATH, 'utf8'));
const files = await generateBitbucketFiles(description);
await mkdir(GENERATED_DIR, { recursive: true });
for (const [name, contents] of Object.entries(files)) {
  const path = join(GENERATED_DIR, name);
  await writeFile(path, contents);
  console.warn(`wrote ${relative(process.cwd(), path)}`);
}
