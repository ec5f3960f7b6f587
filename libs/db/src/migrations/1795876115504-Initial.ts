import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795876115504 implements MigrationInterface {
  name = 'Initial1795876115504';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor" character varying(128) NOT NULL, "action" character varying(128) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" character varying(128) NOT NULL, "before" jsonb, "after" jsonb, "request_id" character varying(128), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_2ad7930a7c2af80585c8c1b770" ON "audit_log"  ("created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_43fef0ec7f613c19c612fffe62" ON "audit_log"  ("entity_type", "entity_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(64) NOT NULL, "display_name" character varying(200) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_9b7ca6d30b94fef571cff876884" UNIQUE ("name"), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "base_models" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "description" text NOT NULL DEFAULT \'\', "architecture" character varying(128) NOT NULL, "model_type" character varying(64) NOT NULL, "parameter_count" bigint NOT NULL, "context_length" integer NOT NULL, "tokenizer" jsonb NOT NULL, "artifact_uri" text NOT NULL, "files" jsonb NOT NULL, "config" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_089edeca4f023a9abace686a7f3" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_d7133da9443675b507a2efda1c" ON "base_models"  ("organization_id", "name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "domains" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(64) NOT NULL, "display_name" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT \'\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_f36af68a2defaa8ae5fdd9b5640" UNIQUE ("name"), CONSTRAINT "PK_05a6b087662191c2ea7f7ddfc4d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "datasets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "kind" character varying(32) NOT NULL, "domain_id" uuid NOT NULL, "description" text NOT NULL DEFAULT \'\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1bf831e43c559a240303e23d038" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_7dd841663798304033bab71c71" ON "datasets"  ("domain_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_a66b9c496bf4eb46f53e3ed839" ON "datasets"  ("organization_id", "name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "dataset_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dataset_id" uuid NOT NULL, "version" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'uploaded\', "source_sha256" character(64) NOT NULL, "source_bytes" bigint NOT NULL, "source_format" character varying(32) NOT NULL, "sha256" character(64), "record_count" integer, "artifact_uri" text, "report" jsonb, "error" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2335c164f3df47dabfe7d0fc6e5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_da19d38ec6a4c704f892989a0a" ON "dataset_versions"  ("dataset_id", "version") ',
    );
    await queryRunner.query(
      'CREATE TABLE "model_alias_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "model_id" uuid NOT NULL, "alias" character varying(64) NOT NULL, "from_version_id" uuid, "to_version_id" uuid, "actor" character varying(128) NOT NULL, "moved_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f64740dd3e3a3b4069231f6289f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_3475b8d66daf7ef59edcca89b2" ON "model_alias_events"  ("model_id", "alias", "seq") ',
    );
    await queryRunner.query(
      'CREATE TABLE "models" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "description" text NOT NULL DEFAULT \'\', "domain_id" uuid NOT NULL, "base_model_id" uuid NOT NULL, "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ef9ed7160ea69013636466bf2d5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_45b1a68ac1cdd8e528a1f45dd8" ON "models"  ("domain_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_1dd974d69ad1a0646c8c18a047" ON "models"  ("base_model_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_5ef9867bfe94df711ea4960a87" ON "models"  ("organization_id", "name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "model_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "model_id" uuid NOT NULL, "version" integer NOT NULL, "parent_version_id" uuid, "job_id" uuid, "artifact_uri" text NOT NULL, "files" jsonb NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'registered\', "metrics" jsonb NOT NULL DEFAULT \'{}\', "hyperparameters" jsonb NOT NULL DEFAULT \'{}\', "description" text NOT NULL DEFAULT \'\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_77c0256872dcc26394dba4b87ec" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_8b22a563ff9ed93fe49b0ad6b8" ON "model_versions"  ("parent_version_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_65afd6a44fe6e21925f71e9504" ON "model_versions"  ("status") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_8cb38dbca9669868c241c417bb" ON "model_versions"  ("model_id", "version") ',
    );
    await queryRunner.query(
      'CREATE TABLE "model_aliases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "model_id" uuid NOT NULL, "name" character varying(64) NOT NULL, "version_id" uuid NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7ac276e33d7cdd4a2ad44c01099" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_feadc423f5a522ccf1b7b262c9" ON "model_aliases"  ("version_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_f1ef057d3858f285157528d23e" ON "model_aliases"  ("model_id", "name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "model_version_datasets" ("model_version_id" uuid NOT NULL, "dataset_version_id" uuid NOT NULL, CONSTRAINT "PK_ee419255ffbea3ad36bf63f9abe" PRIMARY KEY ("model_version_id", "dataset_version_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_2dd5bcf30da90466529d99b8d3" ON "model_version_datasets"  ("model_version_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_c0a15dd1884d458fa96711e846" ON "model_version_datasets"  ("dataset_version_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "base_models" ADD CONSTRAINT "FK_be3b3e36f5eaeb113923bd8d1aa" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "datasets" ADD CONSTRAINT "FK_565fe9f8a8f63ae600634c2acbd" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "datasets" ADD CONSTRAINT "FK_7dd841663798304033bab71c715" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "dataset_versions" ADD CONSTRAINT "FK_59250594d45b0202fdc42d55ecc" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "models" ADD CONSTRAINT "FK_4ff221f0969123ef58c68697541" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "models" ADD CONSTRAINT "FK_45b1a68ac1cdd8e528a1f45dd88" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "models" ADD CONSTRAINT "FK_1dd974d69ad1a0646c8c18a047b" FOREIGN KEY ("base_model_id") REFERENCES "base_models"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "model_versions" ADD CONSTRAINT "FK_fead214f52c09e2c599ec3a8444" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "model_versions" ADD CONSTRAINT "FK_8b22a563ff9ed93fe49b0ad6b81" FOREIGN KEY ("parent_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "model_aliases" ADD CONSTRAINT "FK_843c2cb6e9239cc3891eb3b0c31" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "model_aliases" ADD CONSTRAINT "FK_feadc423f5a522ccf1b7b262c98" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "model_version_datasets" ADD CONSTRAINT "FK_2dd5bcf30da90466529d99b8d34" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE "model_version_datasets" ADD CONSTRAINT "FK_c0a15dd1884d458fa96711e8467" FOREIGN KEY ("dataset_version_id") REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "model_version_datasets" DROP CONSTRAINT "FK_c0a15dd1884d458fa96711e8467"',
    );
    await queryRunner.query(
      'ALTER TABLE "model_version_datasets" DROP CONSTRAINT "FK_2dd5bcf30da90466529d99b8d34"',
    );
    await queryRunner.query(
      'ALTER TABLE "model_aliases" DROP CONSTRAINT "FK_feadc423f5a522ccf1b7b262c98"',
    );
    await queryRunner.query(
      'ALTER TABLE "model_aliases" DROP CONSTRAINT "FK_843c2cb6e9239cc3891eb3b0c31"',
    );
    await queryRunner.query(
      'ALTER TABLE "model_versions" DROP CONSTRAINT "FK_8b22a563ff9ed93fe49b0ad6b81"',
    );
    await queryRunner.query(
      'ALTER TABLE "model_versions" DROP CONSTRAINT "FK_fead214f52c09e2c599ec3a8444"',
    );
    await queryRunner.query(
      'ALTER TABLE "models" DROP CONSTRAINT "FK_1dd974d69ad1a0646c8c18a047b"',
    );
    await queryRunner.query(
      'ALTER TABLE "models" DROP CONSTRAINT "FK_45b1a68ac1cdd8e528a1f45dd88"',
    );
    await queryRunner.query(
      'ALTER TABLE "models" DROP CONSTRAINT "FK_4ff221f0969123ef58c68697541"',
    );
    await queryRunner.query(
      'ALTER TABLE "dataset_versions" DROP CONSTRAINT "FK_59250594d45b0202fdc42d55ecc"',
    );
    await queryRunner.query(
      'ALTER TABLE "datasets" DROP CONSTRAINT "FK_7dd841663798304033bab71c715"',
    );
    await queryRunner.query(
      'ALTER TABLE "datasets" DROP CONSTRAINT "FK_565fe9f8a8f63ae600634c2acbd"',
    );
    await queryRunner.query(
      'ALTER TABLE "base_models" DROP CONSTRAINT "FK_be3b3e36f5eaeb113923bd8d1aa"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_c0a15dd1884d458fa96711e846"');
    await queryRunner.query('DROP INDEX "public"."IDX_2dd5bcf30da90466529d99b8d3"');
    await queryRunner.query('DROP TABLE "model_version_datasets"');
    await queryRunner.query('DROP INDEX "public"."IDX_f1ef057d3858f285157528d23e"');
    await queryRunner.query('DROP INDEX "public"."IDX_feadc423f5a522ccf1b7b262c9"');
    await queryRunner.query('DROP TABLE "model_aliases"');
    await queryRunner.query('DROP INDEX "public"."IDX_8cb38dbca9669868c241c417bb"');
    await queryRunner.query('DROP INDEX "public"."IDX_65afd6a44fe6e21925f71e9504"');
    await queryRunner.query('DROP INDEX "public"."IDX_8b22a563ff9ed93fe49b0ad6b8"');
    await queryRunner.query('DROP TABLE "model_versions"');
    await queryRunner.query('DROP INDEX "public"."IDX_5ef9867bfe94df711ea4960a87"');
    await queryRunner.query('DROP INDEX "public"."IDX_1dd974d69ad1a0646c8c18a047"');
    await queryRunner.query('DROP INDEX "public"."IDX_45b1a68ac1cdd8e528a1f45dd8"');
    await queryRunner.query('DROP TABLE "models"');
    await queryRunner.query('DROP INDEX "public"."IDX_3475b8d66daf7ef59edcca89b2"');
    await queryRunner.query('DROP TABLE "model_alias_events"');
    await queryRunner.query('DROP INDEX "public"."IDX_da19d38ec6a4c704f892989a0a"');
    await queryRunner.query('DROP TABLE "dataset_versions"');
    await queryRunner.query('DROP INDEX "public"."IDX_a66b9c496bf4eb46f53e3ed839"');
    await queryRunner.query('DROP INDEX "public"."IDX_7dd841663798304033bab71c71"');
    await queryRunner.query('DROP TABLE "datasets"');
    await queryRunner.query('DROP TABLE "domains"');
    await queryRunner.query('DROP INDEX "public"."IDX_d7133da9443675b507a2efda1c"');
    await queryRunner.query('DROP TABLE "base_models"');
    await queryRunner.query('DROP TABLE "organizations"');
    await queryRunner.query('DROP INDEX "public"."IDX_43fef0ec7f613c19c612fffe62"');
    await queryRunner.query('DROP INDEX "public"."IDX_2ad7930a7c2af80585c8c1b770"');
    await queryRunner.query('DROP TABLE "audit_log"');
  }
}
