import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `inference_audit`: one row per inference request of a known caller (key, model, version,
 * surface, tokens, latency, status, the guard's decision), with the prompt and output only for an
 * organisation that turns on `inference_content_logging` (off for every existing one). The model
 * server's role gets INSERT on it from the grants migrate applies after migrating.
 */
export class InferenceAudit1796019968881 implements MigrationInterface {
  name = 'InferenceAudit1796019968881';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inference_audit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "credential_id" character varying(32) NOT NULL, "model" character varying(128), "version" integer, "version_id" uuid, "surface" character varying(16) NOT NULL, "stream" boolean NOT NULL DEFAULT false, "prompt_tokens" integer, "completion_tokens" integer, "latency_ms" integer NOT NULL, "status_code" smallint NOT NULL, "outcome" character varying(64) NOT NULL, "decision" character varying(80) NOT NULL, "prompt" text, "output" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1884e719486e7a579108633b8d2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_4a6a33c38d9f03fac66b2bd541" ON "inference_audit"  ("created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_0fbdff07dd26eeace01d1ea38c" ON "inference_audit"  ("organization_id", "created_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "organizations" ADD "inference_content_logging" boolean NOT NULL DEFAULT false',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "organizations" DROP COLUMN "inference_content_logging"');
    await queryRunner.query('DROP INDEX "public"."IDX_0fbdff07dd26eeace01d1ea38c"');
    await queryRunner.query('DROP INDEX "public"."IDX_4a6a33c38d9f03fac66b2bd541"');
    await queryRunner.query('DROP TABLE "inference_audit"');
  }
}
