import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, renderOpenApi } from './write-openapi';

describe('OpenAPI document', () => {
  it('matches the committed apps/model-server/openapi.json (run `npm run generate` after API changes)', async () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(await renderOpenApi()).toBe(committed);
  });

  it('describes every route with its request and response schemas', async () => {
    const document = JSON.parse(await renderOpenApi());
    const chat = document.paths['/v1/chat/completions'].post;
    expect(chat.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ChatCompletionRequest',
    );
    expect(Object.keys(chat.responses['200'].content)).toEqual([
      'application/json',
      'text/event-stream',
    ]);
    const tools = document.components.schemas.ChatCompletionRequest.properties.tools;
    expect(tools.maxItems).toBe(64);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/models',
        '/v1/completions',
        '/v1/models/{model}/versions/{version}:generate',
        '/v1/models/{model}:generate',
        '/healthz',
        '/readyz',
      ]),
    );
  });
});
