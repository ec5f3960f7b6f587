import path from 'node:path';
import {
  type GenerateRequest__Output,
  type GenerateResponse,
  type GenerateStreamResponse,
  INFERENCE_PACKAGE,
  INFERENCE_PROTO,
  INFERENCE_SERVICE,
  PROTO_LOADER_OPTIONS,
  PROTO_ROOT,
} from '@alloy/proto';
import type { GenerateRequest, Usage } from '@alloy/inference';
import {
  type GrpcObject,
  loadPackageDefinition,
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceClientConstructor,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import type { Logger } from 'pino';
import { Authenticator, type Principal } from '@alloy/identity';
import { callerStorage } from '../auth/caller';
import { type AuditDraft, auditStorage } from '../audit/audit-draft';
import { InferenceAuditWriter } from '../audit/inference-audit.writer';
import { authorizeCall } from '../auth/inference-auth.guard';
import { InferenceRateLimiter } from '../auth/inference-rate-limiter';
import { ROOT_LOGGER } from '../common/logger';
import { ServingError, toServingError } from '../common/serving-error';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/server-config';
import { GenerationService } from '../serving/generation.service';
import type { ModelSelector } from '../serving/model-router.service';

const SERVICE_NAME = `${INFERENCE_PACKAGE}.${INFERENCE_SERVICE}`;

const GRPC_STATUS: Record<number, status> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  403: status.PERMISSION_DENIED,
  404: status.NOT_FOUND,
  429: status.RESOURCE_EXHAUSTED,
  499: status.CANCELLED,
  503: status.UNAVAILABLE,
};

function grpcError(error: unknown): { code: status; details: string; metadata: Metadata } {
  const e = toServingError(error);
  const metadata = new Metadata();
  metadata.set('alloy-error-code', e.code);
  if (e.param) metadata.set('alloy-error-field', e.param);
  if (e.retryAfterSeconds !== null)
    metadata.set('retry-after-ms', String(e.retryAfterSeconds * 1000));
  return { code: GRPC_STATUS[e.status] ?? status.INTERNAL, details: e.message, metadata };
}

const usage = (u: Usage): GenerateResponse['usage'] => ({
  promptTokens: u.promptTokens,
  completionTokens: u.completionTokens,
  totalTokens: u.totalTokens,
});

function toRequest(r: GenerateRequest__Output): {
  selector: ModelSelector;
  request: GenerateRequest;
} {
  if (!r.model) throw ServingError.invalid('model', 'is required');
  if (r.version && r.alias)
    throw ServingError.invalid('alias', 'give a version or an alias, not both');
  const hasPrompt = r.prompt !== '';
  const hasMessages = r.messages.length > 0;
  if (hasPrompt === hasMessages)
    throw ServingError.invalid('prompt', 'give exactly one of prompt and messages');
  const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
  return {
    selector: { model: r.model, version: r.version || undefined, alias: r.alias || undefined },
    request: {
      prompt: hasPrompt ? r.prompt : undefined,
      messages: hasMessages
        ? r.messages.map((m) => ({ role: m.role, content: m.content }))
        : undefined,
      maxTokens: opt(r.maxTokens),
      temperature: opt(r.temperature),
      topK: opt(r.topK),
      topP: opt(r.topP),
      repetitionPenalty: opt(r.repetitionPenalty),
      seed: opt(r.seed),
      stop: r.stop.length ? r.stop : undefined,
      ignoreEos: r.ignoreEos || undefined,
    },
  };
}

/**
 * `alloy.inference.v1.InferenceService` on its own gRPC server (with the standard health service
 * and server reflection). grpc-js directly rather than Nest's transport: a cancelled call must
 * abort the generation, and a stream must end with a status carrying the mapped error.
 */
@Injectable()
export class InferenceGrpcServer implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly health = new HealthImplementation({ '': 'NOT_SERVING', [SERVICE_NAME]: 'NOT_SERVING' });
  private server?: Server;
  private boundPort = 0;

  constructor(
    private readonly generation: GenerationService,
    private readonly authenticator: Authenticator,
    private readonly limiter: InferenceRateLimiter,
    private readonly audits: InferenceAuditWriter,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** The port bound (useful when GRPC_PORT is 0). */
  get port(): number {
    return this.boundPort;
  }

  setServing(serving: boolean): void {
    const s = serving ? 'SERVING' : 'NOT_SERVING';
    this.health.setStatus('', s);
    this.health.setStatus(SERVICE_NAME, s);
  }

  async onApplicationBootstrap(): Promise<void> {
    const definition = loadSync(path.join(PROTO_ROOT, INFERENCE_PROTO), PROTO_LOADER_OPTIONS);
    const pkg = loadPackageDefinition(definition);
    const service = (pkg.alloy as GrpcObject)['inference'] as GrpcObject;
    const ctor = (service['v1'] as GrpcObject)[INFERENCE_SERVICE] as ServiceClientConstructor;
    // As large as an HTTP body, so that an over-long prompt is refused naming its field.
    const server = new Server({
      'grpc.max_receive_message_length': this.config.http.bodyLimitBytes,
    });
    server.addService(ctor.service, {
      Generate: (
        call: ServerUnaryCall<GenerateRequest__Output, GenerateResponse>,
        callback: sendUnaryData<GenerateResponse>,
      ) => {
        void this.unary(call, callback);
      },
      GenerateStream: (
        call: ServerWritableStream<GenerateRequest__Output, GenerateStreamResponse>,
      ) => {
        void this.stream(call);
      },
    });
    const health = loadSync(healthProtoPath, PROTO_LOADER_OPTIONS);
    new ReflectionService({ ...definition, ...health }).addToServer(server);
    this.health.addToServer(server);
    const address = `${this.config.http.host.includes(':') ? `[${this.config.http.host}]` : this.config.http.host}:${this.config.grpc.port}`;
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(address, ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(err) : resolve(port),
      ),
    );
    this.server = server;
    this.logger.info({ port: this.boundPort }, 'gRPC listening');
  }

  async onApplicationShutdown(): Promise<void> {
    this.setServing(false);
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, this.config.shutdownGraceMs);
      timer.unref();
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The same check as every HTTP route (health and reflection stay public, as grpcurl expects). */
  private authorize(metadata: Metadata, audit: AuditDraft): Promise<Principal> {
    const value = metadata.get('authorization')[0];
    return authorizeCall(
      this.authenticator,
      this.limiter,
      typeof value === 'string' ? value : undefined,
      'inference',
      (principal) => {
        audit.caller = principal;
      },
    );
  }

  private async unary(
    call: ServerUnaryCall<GenerateRequest__Output, GenerateResponse>,
    callback: sendUnaryData<GenerateResponse>,
  ): Promise<void> {
    const abort = new AbortController();
    call.on('cancelled', () => abort.abort());
    const audit = this.audits.draft('grpc');
    try {
      const caller = await this.authorize(call.metadata, audit);
      const { selector, request } = toRequest(call.request);
      const r = await callerStorage.run(caller, () =>
        auditStorage.run(audit, () =>
          this.generation.generate(selector, request, 'grpc', abort.signal),
        ),
      );
      callback(null, {
        model: r.routed.model,
        version: r.routed.version,
        text: r.text,
        tokenIds: r.tokenIds,
        finishReason: r.finishReason,
        usage: usage(r.usage),
      });
    } catch (error) {
      audit.failed(error);
      callback(grpcError(error));
    } finally {
      audit.close(200);
    }
  }

  private async stream(
    call: ServerWritableStream<GenerateRequest__Output, GenerateStreamResponse>,
  ): Promise<void> {
    const abort = new AbortController();
    call.on('cancelled', () => abort.abort());
    const audit = this.audits.draft('grpc');
    audit.stream = true;
    try {
      const caller = await this.authorize(call.metadata, audit);
      const { selector, request } = toRequest(call.request);
      const { routed, chunks } = await callerStorage.run(caller, () =>
        auditStorage.run(audit, () =>
          this.generation.stream(selector, request, 'grpc', abort.signal),
        ),
      );
      for await (const chunk of chunks) {
        if (abort.signal.aborted) return;
        call.write({
          model: routed.model,
          version: routed.version,
          text: chunk.text,
          tokenIds: chunk.tokenIds,
          finishReason: chunk.finishReason ?? '',
          usage: chunk.usage ? usage(chunk.usage) : null,
        });
      }
      call.end();
    } catch (error) {
      audit.failed(error);
      // emit('error') ends a server stream with that status, also before anything was written.
      if (!abort.signal.aborted) call.emit('error', grpcError(error));
    } finally {
      if (abort.signal.aborted) audit.cancelled();
      audit.close(200);
    }
  }
}
