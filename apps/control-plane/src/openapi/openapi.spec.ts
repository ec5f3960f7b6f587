import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, renderOpenApi } from './write-openapi';

describe('OpenAPI document', () => {
  it('matches the committed apps/control-plane/openapi.json (run `npm run generate` after API changes)', async () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(await renderOpenApi()).toBe(committed);
  });
});
