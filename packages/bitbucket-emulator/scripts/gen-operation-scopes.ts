// `pnpm --filter @pail/bitbucket-emulator gen:scopes`: regenerates src/auth/operation-scopes.ts from swagger.json.
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { SWAGGER_PATH, TABLE_PATH, generateOperationScopes } from './operation-scopes-codegen';

const description: unknown = JSON.parse(await readFile(SWAGGER_PATH, 'utf8'));
await writeFile(TABLE_PATH, await generateOperationScopes(description));
console.warn(`wrote ${relative(process.cwd(), TABLE_PATH)}`);
