#!/bin/sh
# Creates Alloy's database roles (alloy-roles.psql beside this file) when the postgres container
# initialises an empty data directory: docker-entrypoint-initdb.d runs it as the superuser. The
# passwords come from the container's environment (docker-compose.yml passes them from .env).
# On an existing data directory, run it once by hand:
#   docker compose exec -e POSTGRES_USER=<its superuser> postgres \
#     sh /docker-entrypoint-initdb.d/10-alloy-roles.sh
psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet \
  --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:?POSTGRES_DB is not set}" \
  -v migrator_password="${ALLOY_MIGRATOR_DB_PASSWORD:?ALLOY_MIGRATOR_DB_PASSWORD is not set}" \
  -v control_plane_password="${ALLOY_CONTROL_PLANE_DB_PASSWORD:?ALLOY_CONTROL_PLANE_DB_PASSWORD is not set}" \
  -v model_server_password="${ALLOY_MODEL_SERVER_DB_PASSWORD:?ALLOY_MODEL_SERVER_DB_PASSWORD is not set}" \
  -f "${ALLOY_ROLES_SCRIPT:-/docker-entrypoint-initdb.d/alloy-roles.psql}"
