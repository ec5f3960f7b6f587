import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `plugin_versions` (each installed version of a plugin, by an organisation or by the platform for
 * all) and `plugin_enablements` (where an organisation runs which version, with which configuration).
 */
export class Plugins1796028429626 implements MigrationInterface {
  name = 'Plugins1796028429626';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "plugin_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "plugin_id" character varying(64) NOT NULL, "version" character varying(64) NOT NULL, "manifest" jsonb NOT NULL, "path" character varying(512) NOT NULL, "sha256" character varying(64) NOT NULL, "signed_by" character varying(80), "source" character varying(16) NOT NULL, "installed_by" character varying(160) NOT NULL, "installed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d45355357c416a54832493a865a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_04dbd86c3d1e68feff8bd3225a" ON "plugin_versions"  ("organization_id", "plugin_id", "version") ',
    );
    await queryRunner.query(
      'CREATE TABLE "plugin_enablements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "plugin_id" character varying(64) NOT NULL, "plugin_version_id" uuid NOT NULL, "scope" character varying(200) NOT NULL, "config" jsonb NOT NULL, "position" integer NOT NULL DEFAULT \'100\', "enabled_by" character varying(160) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_415b03c89ae238970993b5fe19e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_fb51991b4629c1aa788979022f" ON "plugin_enablements"  ("organization_id", "plugin_id", "scope") ',
    );
    await queryRunner.query(
      'ALTER TABLE "plugin_versions" ADD CONSTRAINT "FK_c8c3ddfbb432644ed392b472b59" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "plugin_enablements" ADD CONSTRAINT "FK_5eb17d6bfd94db68c661d1208d9" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "plugin_enablements" ADD CONSTRAINT "FK_34f7d17f036bcaa0f49d4d88afb" FOREIGN KEY ("plugin_version_id") REFERENCES "plugin_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "plugin_enablements" DROP CONSTRAINT "FK_34f7d17f036bcaa0f49d4d88afb"',
    );
    await queryRunner.query(
      'ALTER TABLE "plugin_enablements" DROP CONSTRAINT "FK_5eb17d6bfd94db68c661d1208d9"',
    );
    await queryRunner.query(
      'ALTER TABLE "plugin_versions" DROP CONSTRAINT "FK_c8c3ddfbb432644ed392b472b59"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_fb51991b4629c1aa788979022f"');
    await queryRunner.query('DROP TABLE "plugin_enablements"');
    await queryRunner.query('DROP INDEX "public"."IDX_04dbd86c3d1e68feff8bd3225a"');
    await queryRunner.query('DROP TABLE "plugin_versions"');
  }
}
