import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Deployments1795878567904 implements MigrationInterface {
  name = 'Deployments1795878567904';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "deployments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "model_id" uuid NOT NULL, "current_revision" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1e5627acb3c950deb83fe98fc48" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_bd5203f2814cb186dc9561d5f4" ON "deployments"  ("model_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_c4b6e6b541d0d8c1ecc6b995e6" ON "deployments"  ("organization_id", "name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "deployment_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deployment_id" uuid NOT NULL, "revision" integer NOT NULL, "traffic" jsonb NOT NULL, "alias" character varying(64), "alias_version_id" uuid, "action" character varying(16) NOT NULL, "restored_revision" integer, "created_by" character varying(128) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a778e5c2bd9ec1accf36292e804" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_f1cf2d591908c2bc026eab3917" ON "deployment_revisions"  ("deployment_id", "revision") ',
    );
    await queryRunner.query(
      'ALTER TABLE "deployments" ADD CONSTRAINT "FK_cd84cef53f48dccab26a61e11b9" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deployments" ADD CONSTRAINT "FK_bd5203f2814cb186dc9561d5f4a" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deployment_revisions" ADD CONSTRAINT "FK_e031ef796af0cabdf9db345bc3c" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "deployment_revisions" DROP CONSTRAINT "FK_e031ef796af0cabdf9db345bc3c"',
    );
    await queryRunner.query(
      'ALTER TABLE "deployments" DROP CONSTRAINT "FK_bd5203f2814cb186dc9561d5f4a"',
    );
    await queryRunner.query(
      'ALTER TABLE "deployments" DROP CONSTRAINT "FK_cd84cef53f48dccab26a61e11b9"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_f1cf2d591908c2bc026eab3917"');
    await queryRunner.query('DROP TABLE "deployment_revisions"');
    await queryRunner.query('DROP INDEX "public"."IDX_c4b6e6b541d0d8c1ecc6b995e6"');
    await queryRunner.query('DROP INDEX "public"."IDX_bd5203f2814cb186dc9561d5f4"');
    await queryRunner.query('DROP TABLE "deployments"');
  }
}
