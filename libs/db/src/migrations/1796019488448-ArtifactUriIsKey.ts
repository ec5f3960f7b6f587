import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `artifact_uri` holds the artifact's store key, as `artifact_key` does: rows written before held
 * a file:// URL naming the server's disk, which the API must not show.
 */
export class ArtifactUriIsKey1796019488448 implements MigrationInterface {
  name = 'ArtifactUriIsKey1796019488448';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['base_models', 'model_versions', 'dataset_versions']) {
      await queryRunner.query(
        `UPDATE "${table}" SET "artifact_uri" = "artifact_key" WHERE "artifact_key" IS NOT NULL AND "artifact_key" <> '' AND "artifact_uri" IS DISTINCT FROM "artifact_key"`,
      );
    }
  }

  public async down(): Promise<void> {
    // the file URLs are not rebuilt: the key names the same artifact
  }
}
