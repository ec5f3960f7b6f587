import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JobsAndWorkers1795877577008 implements MigrationInterface {
  name = 'JobsAndWorkers1795877577008';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "job_events" ("position" BIGSERIAL NOT NULL, "job_id" uuid NOT NULL, "run_id" character varying(64) NOT NULL, "seq" integer NOT NULL, "attempt" integer NOT NULL, "worker_id" character varying(64) NOT NULL, "type" character varying(16) NOT NULL, "payload" jsonb NOT NULL, "time" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_faaeeccc815f413ab611586505b" PRIMARY KEY ("position"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_ecffdbfadeddb346803be4bea5" ON "job_events"  ("job_id", "position") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_e8aecb02133f2249e93fd237eb" ON "job_events"  ("job_id", "run_id", "seq") ',
    );
    await queryRunner.query(
      'CREATE TABLE "job_metrics" ("job_id" uuid NOT NULL, "step" integer NOT NULL, "loss" double precision NOT NULL, "lr" double precision, "tokens_per_second" double precision, "memory_bytes" bigint, "eval_loss" double precision, "perplexity" double precision, "time" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d1c52ad5e8d26076de3d7c1844b" PRIMARY KEY ("job_id", "step"))',
    );
    await queryRunner.query(
      'CREATE TABLE "job_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "job_id" uuid NOT NULL, "from_status" character varying(16), "to_status" character varying(16) NOT NULL, "reason" text NOT NULL DEFAULT \'\', "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9c1fe98519ed5993017c49954a6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_b7af22d84b2eb7d44d34123d5d" ON "job_transitions"  ("job_id", "seq") ',
    );
    await queryRunner.query(
      'CREATE TABLE "jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "model_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "method" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'queued\', "base_version_id" uuid, "datasets" jsonb NOT NULL, "hyperparameters" jsonb NOT NULL, "resources" jsonb NOT NULL DEFAULT \'{}\', "precision" character varying(8) NOT NULL, "parallelism" jsonb NOT NULL DEFAULT \'{}\', "spec" jsonb, "worker_id" character varying(64), "attempts" integer NOT NULL DEFAULT \'0\', "max_attempts" integer NOT NULL DEFAULT \'3\', "pipeline_id" uuid, "depends_on_job_id" uuid, "unschedulable_reason" text, "failure_reason" text, "result_version_id" uuid, "last_checkpoint_step" integer, "cancel_requested_at" TIMESTAMP(3) WITH TIME ZONE, "started_at" TIMESTAMP(3) WITH TIME ZONE, "finished_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_981d145f47ff1bb595b3e0007d" ON "jobs"  ("model_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_f54b46f02b61d80ce068b988cf" ON "jobs"  ("worker_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_9d238e80289f9ba4ee8895ce5c" ON "jobs"  ("pipeline_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_d9c130948b6c25d60f8af835cd" ON "jobs"  ("depends_on_job_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_c2130d1d7e7f4408202a36e4f1" ON "jobs"  ("status", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "workers" ("id" character varying(64) NOT NULL, "host" character varying(255) NOT NULL, "gpus" jsonb NOT NULL DEFAULT \'[]\', "labels" jsonb NOT NULL DEFAULT \'{}\', "max_concurrent_jobs" integer NOT NULL DEFAULT \'1\', "protocol_version" integer NOT NULL, "spec_versions" integer array NOT NULL, "version" character varying(64) NOT NULL DEFAULT \'\', "cordoned" boolean NOT NULL DEFAULT false, "draining" boolean NOT NULL DEFAULT false, "running_job_ids" jsonb NOT NULL DEFAULT \'[]\', "last_heartbeat_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "registered_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e950c9aba3bd84a4f193058d838" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "base_models" ADD "artifact_key" text NOT NULL DEFAULT \'\'',
    );
    await queryRunner.query('ALTER TABLE "dataset_versions" ADD "artifact_key" text');
    await queryRunner.query(
      'ALTER TABLE "model_versions" ADD "artifact_key" text NOT NULL DEFAULT \'\'',
    );
    await queryRunner.query(
      'ALTER TABLE "jobs" ADD CONSTRAINT "FK_981d145f47ff1bb595b3e0007d3" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "jobs" DROP CONSTRAINT "FK_981d145f47ff1bb595b3e0007d3"');
    await queryRunner.query('ALTER TABLE "model_versions" DROP COLUMN "artifact_key"');
    await queryRunner.query('ALTER TABLE "dataset_versions" DROP COLUMN "artifact_key"');
    await queryRunner.query('ALTER TABLE "base_models" DROP COLUMN "artifact_key"');
    await queryRunner.query('DROP TABLE "workers"');
    await queryRunner.query('DROP INDEX "public"."IDX_c2130d1d7e7f4408202a36e4f1"');
    await queryRunner.query('DROP INDEX "public"."IDX_d9c130948b6c25d60f8af835cd"');
    await queryRunner.query('DROP INDEX "public"."IDX_9d238e80289f9ba4ee8895ce5c"');
    await queryRunner.query('DROP INDEX "public"."IDX_f54b46f02b61d80ce068b988cf"');
    await queryRunner.query('DROP INDEX "public"."IDX_981d145f47ff1bb595b3e0007d"');
    await queryRunner.query('DROP TABLE "jobs"');
    await queryRunner.query('DROP INDEX "public"."IDX_b7af22d84b2eb7d44d34123d5d"');
    await queryRunner.query('DROP TABLE "job_transitions"');
    await queryRunner.query('DROP TABLE "job_metrics"');
    await queryRunner.query('DROP INDEX "public"."IDX_e8aecb02133f2249e93fd237eb"');
    await queryRunner.query('DROP INDEX "public"."IDX_ecffdbfadeddb346803be4bea5"');
    await queryRunner.query('DROP TABLE "job_events"');
  }
}
