import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Until when a dataset version's raw upload is kept after ingestion. Versions that finished
 * before the column existed still hold theirs: they are marked as expired now, so the
 * control plane's retention sweep deletes those uploads as well.
 */
export class DatasetRawRetention1796018474489 implements MigrationInterface {
  name = 'DatasetRawRetention1796018474489';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "dataset_versions" ADD "raw_retained_until" TIMESTAMP(3) WITH TIME ZONE',
    );
    await queryRunner.query(
      `UPDATE "dataset_versions" SET "raw_retained_until" = now() WHERE "status" IN ('ready', 'failed')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "dataset_versions" DROP COLUMN "raw_retained_until"');
  }
}
