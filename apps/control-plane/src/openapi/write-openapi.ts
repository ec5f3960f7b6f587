// Writes apps/control-plane/openapi.json from the controllers, without a database or Redis
// (`preview` builds the module graph without instantiating providers). CI checks it for drift.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { buildOpenApiDocument } from './openapi';
import { applyGlobalPrefix } from '../app.factory';

export const OPENAPI_FILE = path.join(__dirname, '..', '..', 'openapi.json');

export async function renderOpenApi(): Promise<string> {
  // The document depends on no secret: any signing secret of the right length will do.
  const config = loadConfig({ SIGNING_SECRET: 'openapi-document-needs-no-real-secret' });
  const app = await NestFactory.create(AppModule.forRoot(config), {
    preview: true,
    logger: false,
  });
  applyGlobalPrefix(app);
  const document = buildOpenApiDocument(app);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module) {
  renderOpenApi().then(
    (text) => {
      writeFileSync(OPENAPI_FILE, text);
      console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
