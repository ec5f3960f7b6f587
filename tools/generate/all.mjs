// Regenerates every committed generated file: proto types, the OpenAPI documents, SDK types.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = (...args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

run('tools/generate/proto-types.mjs');
run('-r', './tools/register.cjs', 'apps/control-plane/src/openapi/write-openapi.ts');
run('-r', './tools/register.cjs', 'apps/model-server/src/openapi/write-openapi.ts');
run('tools/generate/sdk-types.mjs');
run('tools/generate/api-reports.mjs');
