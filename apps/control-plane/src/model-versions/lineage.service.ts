import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LineageDto, LineageNodeDto } from './dto/model-version.dto';
import { ModelVersionsService } from './model-versions.service';

interface LineageRow {
  id: string;
  model: string;
  version: number;
  parent_version_id: string | null;
  depth: number;
  status: LineageNodeDto['status'];
}

// Depth bound: lineage is a tree written by the registry, but a bound keeps a bad row from looping.
const MAX_DEPTH = 1000;

const ANCESTORS_SQL = `
  WITH RECURSIVE chain AS (
    SELECT v.id, v.parent_version_id, 0 AS depth FROM model_versions v WHERE v.id = $1
    UNION ALL
    SELECT p.id, p.parent_version_id, chain.depth + 1
    FROM model_versions p JOIN chain ON p.id = chain.parent_version_id
    WHERE chain.depth < ${MAX_DEPTH}
  )
  SELECT chain.id, m.name AS model, v.version, chain.parent_version_id, chain.depth, v.status
  FROM chain JOIN model_versions v ON v.id = chain.id JOIN models m ON m.id = v.model_id
  WHERE chain.depth > 0 ORDER BY chain.depth`;

const DESCENDANTS_SQL = `
  WITH RECURSIVE tree AS (
    SELECT v.id, v.parent_version_id, 0 AS depth FROM model_versions v WHERE v.id = $1
    UNION ALL
    SELECT c.id, c.parent_version_id, tree.depth + 1
    FROM model_versions c JOIN tree ON c.parent_version_id = tree.id
    WHERE tree.depth < ${MAX_DEPTH}
  )
  SELECT tree.id, m.name AS model, v.version, tree.parent_version_id, tree.depth, v.status
  FROM tree JOIN model_versions v ON v.id = tree.id JOIN models m ON m.id = v.model_id
  WHERE tree.depth > 0 ORDER BY tree.depth, v.created_at, tree.id`;

function toNode(row: LineageRow): LineageNodeDto {
  return {
    id: row.id,
    model: row.model,
    version: Number(row.version),
    parentVersionId: row.parent_version_id,
    depth: Number(row.depth),
    status: row.status,
  };
}

/** Ancestors and descendants of a version, each in one recursive query. */
@Injectable()
export class LineageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly versions: ModelVersionsService,
  ) {}

  async lineage(id: string): Promise<LineageDto> {
    const version = await this.versions.getById(id);
    const [ancestors, descendants] = await Promise.all([
      this.dataSource.query<LineageRow[]>(ANCESTORS_SQL, [id]),
      this.dataSource.query<LineageRow[]>(DESCENDANTS_SQL, [id]),
    ]);
    return { version, ancestors: ancestors.map(toNode), descendants: descendants.map(toNode) };
  }
}
