import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1796018110290 implements MigrationInterface {
  name = 'Identity1796018110290';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "display_name" character varying(200) NOT NULL DEFAULT \'\', "role" character varying(32) NOT NULL, "password_hash" text, "failed_sign_ins" integer NOT NULL DEFAULT \'0\', "locked_until" TIMESTAMP WITH TIME ZONE, "disabled" boolean NOT NULL DEFAULT false, "last_sign_in_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_21a659804ed7bf61eb91688dea" ON "users"  ("organization_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "user_sessions" ("id" character varying(32) NOT NULL, "user_id" uuid NOT NULL, "secret_hash" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "idle_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e93e031a5fed190d4789b6bfd83" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_e9658e959c490b0a634dfc5478" ON "user_sessions"  ("user_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "api_keys" ("id" character varying(32) NOT NULL, "kind" character varying(8) NOT NULL, "organization_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "role" character varying(32), "scopes" jsonb, "deployments" jsonb, "worker_id" character varying(64), "secret_hash" text NOT NULL, "created_by" character varying(160) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_a283bdef18876e525aefaec042" ON "api_keys"  ("organization_id") ',
    );
    await queryRunner.query('ALTER TABLE "audit_log" ADD "organization_id" uuid');
    await queryRunner.query(
      'ALTER TABLE "organizations" ADD "platform" boolean NOT NULL DEFAULT false',
    );
    // Widened in place: the audit log keeps its rows.
    await queryRunner.query(
      'ALTER TABLE "audit_log" ALTER COLUMN "actor" TYPE character varying(160)',
    );
    // Until now there was one tenant: the default organisation, which runs the installation.
    await queryRunner.query(
      'UPDATE "organizations" SET "platform" = true WHERE "name" = \'default\'',
    );
    await queryRunner.query(
      'UPDATE "audit_log" SET "organization_id" = (SELECT "id" FROM "organizations" WHERE "name" = \'default\')',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_b75d568c6c9a9a8b44be80223d" ON "audit_log"  ("organization_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "FK_21a659804ed7bf61eb91688dea7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user_sessions" ADD CONSTRAINT "FK_e9658e959c490b0a634dfc54783" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a283bdef18876e525aefaec042f" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "api_keys" DROP CONSTRAINT "FK_a283bdef18876e525aefaec042f"',
    );
    await queryRunner.query(
      'ALTER TABLE "user_sessions" DROP CONSTRAINT "FK_e9658e959c490b0a634dfc54783"',
    );
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "FK_21a659804ed7bf61eb91688dea7"');
    await queryRunner.query('DROP INDEX "public"."IDX_b75d568c6c9a9a8b44be80223d"');
    await queryRunner.query(
      'ALTER TABLE "audit_log" ALTER COLUMN "actor" TYPE character varying(128)',
    );
    await queryRunner.query('ALTER TABLE "organizations" DROP COLUMN "platform"');
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "organization_id"');
    await queryRunner.query('DROP INDEX "public"."IDX_a283bdef18876e525aefaec042"');
    await queryRunner.query('DROP TABLE "api_keys"');
    await queryRunner.query('DROP INDEX "public"."IDX_e9658e959c490b0a634dfc5478"');
    await queryRunner.query('DROP TABLE "user_sessions"');
    await queryRunner.query('DROP INDEX "public"."IDX_21a659804ed7bf61eb91688dea"');
    await queryRunner.query('DROP TABLE "users"');
  }
}
