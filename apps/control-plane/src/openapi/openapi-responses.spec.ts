import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import { ModulesContainer } from '@nestjs/core/injector/modules-container';
import type { OpenAPIObject } from '@nestjs/swagger';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyGlobalPrefix } from '../app.factory';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { buildOpenApiDocument } from './openapi';

// Probes and metrics are read by orchestrators and scrapers, not by the generated clients.
const UNTYPED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

interface Operation {
  key: string;
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: SchemaLike }> }>;
}
type SchemaLike = Record<string, unknown>;

let document: OpenAPIObject;
/** The status each handler answers on success, keyed by operationId (`Users_create`). */
const answeredStatus = new Map<string, number>();

beforeAll(async () => {
  const config = loadConfig({ SIGNING_SECRET: 'openapi-document-needs-no-real-secret' });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false });
  applyGlobalPrefix(app);
  document = buildOpenApiDocument(app);
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
        const key = `${metatype.name.replace(/Controller$/, '')}_${name}`;
        answeredStatus.set(key, code ?? (method === RequestMethod.POST ? 201 : 200));
      }
    }
  }
  await app.close();
}, 60_000);

function restOperations(): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (UNTYPED_PATHS.has(path)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        operationId: operation.operationId ?? '',
        responses: operation.responses as Operation['responses'],
      });
    }
  }
  return operations;
}

/** A schema a client can type: a reference, or one that says what it holds. */
function describesSomething(schema: SchemaLike | undefined): boolean {
  if (!schema) return false;
  if (typeof schema['$ref'] === 'string') {
    const name = schema['$ref'].replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name] as SchemaLike | undefined;
    return !!target && describesSomething(target);
  }
  if (Array.isArray(schema['allOf']) || Array.isArray(schema['oneOf'])) return true;
  if (schema['type'] === 'array') return describesSomething(schema['items'] as SchemaLike);
  if (schema['type'] === 'object' || schema['type'] === undefined) {
    return schema['properties'] !== undefined || schema['additionalProperties'] !== undefined;
  }
  return true;
}

describe('OpenAPI responses', () => {
  it('covers the REST API', () => {
    // A guard against the checks below passing over an empty or truncated document.
    expect(restOperations().length).toBeGreaterThan(50);
  });

  it('gives every REST operation a success response', () => {
    const missing = restOperations()
      .filter((op) => !Object.keys(op.responses).some((code) => /^2\d\d$/.test(code)))
      .map((op) => op.key);
    expect(missing).toEqual([]);
  });

  it('describes the body of every 2xx response but 204 with a schema', () => {
    const undescribed: string[] = [];
    for (const op of restOperations()) {
      for (const [code, response] of Object.entries(op.responses)) {
        if (!/^2\d\d$/.test(code)) continue;
        if (code === '204') {
          if (response.content) undescribed.push(`${op.key} ${code}: a 204 has no body`);
          continue;
        }
        const media = Object.entries(response.content ?? {});
        if (media.length === 0) undescribed.push(`${op.key} ${code}: no content`);
        for (const [type, { schema }] of media) {
          if (!describesSomething(schema)) undescribed.push(`${op.key} ${code} ${type}`);
        }
      }
    }
    expect(undescribed).toEqual([]);
  });

  it('documents the status each handler answers on success', () => {
    const wrong: string[] = [];
    for (const op of restOperations()) {
      const answered = answeredStatus.get(op.operationId);
      if (answered === undefined) {
        wrong.push(`${op.key}: no handler ${op.operationId}`);
        continue;
      }
      const documented = Object.keys(op.responses).filter((code) => /^2\d\d$/.test(code));
      if (documented.length !== 1 || documented[0] !== String(answered)) {
        wrong.push(`${op.key}: answers ${answered}, documents ${documented.join(', ') || 'none'}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
