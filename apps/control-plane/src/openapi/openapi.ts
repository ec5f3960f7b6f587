import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Alloy control plane')
    .setDescription(
      'Registry of domains, base models, models, versions and their lineage. ' +
        'Authenticate with `Authorization: Bearer <API key or session token>`. ' +
        'Every error has the body {"error": {"code", "message", "details"}}.',
    )
    .setVersion('1')
    .addServer('/')
    // Every route but signing in and the probes: `Authorization: Bearer <API key or session>`.
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key or a session token' })
    .addSecurityRequirements('bearer')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** Swagger UI at /docs and the document at /docs/openapi.json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
}
