import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `evaluations` (what each evaluate job measured, of a version or of a base model),
 * `promotion_gates` (an organisation's thresholds per domain) and `gate_overrides` (an admin moved
 * an alias past a failing gate, with a reason).
 */
export class Evaluations1796038041496 implements MigrationInterface {
  name = 'Evaluations1796038041496';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "evaluations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "job_id" uuid NOT NULL, "model_version_id" uuid, "base_model_id" uuid, "datasets" jsonb NOT NULL, "metrics" jsonb NOT NULL, "details" jsonb NOT NULL DEFAULT \'{}\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_feb1322956e2d9ee74673fd755b" UNIQUE ("job_id"), CONSTRAINT "PK_f683b433eba0e6dae7e19b29e29" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_96b35fdb4a7b83773745e50b5e" ON "evaluations"  ("base_model_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_ad208aaa9fb90125edc338b3bc" ON "evaluations"  ("model_version_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "promotion_gates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "domain_id" uuid NOT NULL, "thresholds" jsonb NOT NULL, "updated_by" character varying(160) NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ee0277e2a0abb849ddc56fef49d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_e1f57f42e228513de850a98519" ON "promotion_gates"  ("organization_id", "domain_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "gate_overrides" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "model_version_id" uuid NOT NULL, "alias" character varying(64) NOT NULL, "reason" text NOT NULL, "actor" character varying(160) NOT NULL, "checks" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8d2ae3a6eaa8bb7429ffb4c87d5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_621c951a6756b1117d01be5997" ON "gate_overrides"  ("model_version_id", "created_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluations" ADD CONSTRAINT "FK_ef05f3da7ff0ec019d52c5f41f5" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluations" ADD CONSTRAINT "FK_feb1322956e2d9ee74673fd755b" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluations" ADD CONSTRAINT "FK_defdd5d78d7277da07ddb04f998" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluations" ADD CONSTRAINT "FK_908715e1188dc0c565e3032d01a" FOREIGN KEY ("base_model_id") REFERENCES "base_models"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "promotion_gates" ADD CONSTRAINT "FK_4c865ebf4068a825fda7c936aa0" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "promotion_gates" ADD CONSTRAINT "FK_3a20dafcd37a72191458390127e" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "gate_overrides" ADD CONSTRAINT "FK_2b677e785ff1dae766b33e2f822" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "gate_overrides" DROP CONSTRAINT "FK_2b677e785ff1dae766b33e2f822"',
    );
    await queryRunner.query(
      'ALTER TABLE "promotion_gates" DROP CONSTRAINT "FK_3a20dafcd37a72191458390127e"',
    );
    await queryRunner.query(
      'ALTER TABLE "promotion_gates" DROP CONSTRAINT "FK_4c865ebf4068a825fda7c936aa0"',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluations" DROP CONSTRAINT "FK_908715e1188dc0c565e3032d01a"',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluations" DROP CONSTRAINT "FK_defdd5d78d7277da07ddb04f998"',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluations" DROP CONSTRAINT "FK_feb1322956e2d9ee74673fd755b"',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluations" DROP CONSTRAINT "FK_ef05f3da7ff0ec019d52c5f41f5"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_621c951a6756b1117d01be5997"');
    await queryRunner.query('DROP TABLE "gate_overrides"');
    await queryRunner.query('DROP INDEX "public"."IDX_e1f57f42e228513de850a98519"');
    await queryRunner.query('DROP TABLE "promotion_gates"');
    await queryRunner.query('DROP INDEX "public"."IDX_ad208aaa9fb90125edc338b3bc"');
    await queryRunner.query('DROP INDEX "public"."IDX_96b35fdb4a7b83773745e50b5e"');
    await queryRunner.query('DROP TABLE "evaluations"');
  }
}
