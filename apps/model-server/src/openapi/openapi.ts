import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { ParameterObject } from '@nestjs/swagger';
import { componentSchemas } from './openapi-schemas';

const VERSION_PARAMETER: ParameterObject = {
  name: 'version',
  in: 'path',
  required: true,
  description: 'the version number',
  schema: { type: 'integer', minimum: 1 },
  example: 2,
};
const MODEL_PARAMETER: ParameterObject = {
  name: 'model',
  in: 'path',
  required: true,
  description: 'a model or deployment name',
  schema: { type: 'string' },
  example: 'fin-advisor',
};

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Alloy model server')
    .setDescription(
      "Inference on the deployed versions of an organisation's models: Alloy's REST surface " +
        '(`/v1/models/{model}:generate`) and an OpenAI-compatible one (`/v1/chat/completions`, ' +
        '`/v1/completions`, `/v1/models`). Authenticate with `Authorization: Bearer <API key>`. ' +
        'Streams are Server-Sent Events ending with `data: [DONE]`. Every error has the body ' +
        '{"error": {"message", "type", "param", "code", "details"}}.',
    )
    .setVersion('1')
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // The `:generate` verb is routed as part of the last path segment; the document names the
  // real paths so that generated clients build them from `model` and `version`.
  document.paths = Object.fromEntries(
    Object.entries(document.paths).map(([route, item]) => [customMethodPath(route), item]),
  );
  for (const item of Object.values(document.paths))
    for (const operation of [item.post].filter((o) => o !== undefined))
      operation.parameters = operation.parameters?.map((p) =>
        'name' in p && p.name === 'target' && p.in === 'path'
          ? p.description?.startsWith('<version>')
            ? { ...VERSION_PARAMETER }
            : { ...MODEL_PARAMETER }
          : p,
      );
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...componentSchemas() },
  };
  return document;
}

function customMethodPath(route: string): string {
  return route
    .replace(
      '/v1/models/{model}/versions/{target}',
      '/v1/models/{model}/versions/{version}:generate',
    )
    .replace(/^\/v1\/models\/\{target\}$/, '/v1/models/{model}:generate');
}
