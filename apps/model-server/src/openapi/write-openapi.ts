// Writes apps/model-server/openapi.json from the controllers, without a database, Redis or a model
// (`preview` builds the module graph without instantiating providers). CI checks it for drift.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/server-config';
import { buildOpenApiDocument } from './openapi';

export const OPENAPI_FILE = path.join(__dirname, '..', '..', 'openapi.json');

export async function renderOpenApi(): Promise<string> {
  const app = await NestFactory.create(
    AppModule.forRoot(loadConfig({}), pino({ enabled: false })),
    {
      preview: true,
      logger: false,
    },
  );
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
