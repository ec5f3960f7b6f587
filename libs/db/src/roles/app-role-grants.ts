import type { DataSource } from 'typeorm';

/** The database roles of infra/postgres/initdb/alloy-roles.psql, one per app. */
export const APP_ROLES = {
  migrator: 'alloy_migrator',
  controlPlane: 'alloy_control_plane',
  modelServer: 'alloy_model_server',
} as const;

/**
 * The privileges of the app roles on the tables as migrated. Default privileges cover every table
 * the migrator creates; this also covers tables migrated by another role, and what default
 * privileges cannot say: the model server's writes, each on one table or one column, as the
 * tables appear. Idempotent; a role or table that does not exist is skipped (a development
 * database without these roles gets nothing).
 */
const GRANTS = `
DO $grants$
DECLARE
  seq text;
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLES.controlPlane}') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLES.controlPlane};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLES.controlPlane};
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLES.modelServer}') THEN
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${APP_ROLES.modelServer};
    -- usage records of inference requests
    IF to_regclass('public.inference_audit') IS NOT NULL THEN
      GRANT INSERT ON public.inference_audit TO ${APP_ROLES.modelServer};
      FOR seq IN
        SELECT pg_get_serial_sequence('public.inference_audit', attname) FROM pg_attribute
         WHERE attrelid = 'public.inference_audit'::regclass AND attnum > 0 AND NOT attisdropped
      LOOP
        IF seq IS NOT NULL THEN
          EXECUTE format('GRANT USAGE ON SEQUENCE %s TO ${APP_ROLES.modelServer}', seq);
        END IF;
      END LOOP;
    END IF;
    -- when an API key was last used, and nothing else of it
    IF EXISTS (SELECT FROM information_schema.columns WHERE table_schema = 'public'
                AND table_name = 'api_keys' AND column_name = 'last_used_at') THEN
      GRANT UPDATE (last_used_at) ON public.api_keys TO ${APP_ROLES.modelServer};
    END IF;
  END IF;
END
$grants$`;

/** Grants the app roles their privileges (run after migrating); returns the roles that exist. */
export async function grantAppRoles(ds: DataSource): Promise<string[]> {
  await ds.query(GRANTS);
  const rows = await ds.query<{ rolname: string }[]>(
    'SELECT rolname FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname',
    [[APP_ROLES.controlPlane, APP_ROLES.modelServer]],
  );
  return rows.map((r) => r.rolname);
}
