#!/bin/sh
# Run once by the postgres image on a fresh volume: the two roles Tracker runs with (docs/security.md).
# tracker_owner owns the database and runs migrations; tracker_app serves requests and may not rewrite events.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
create role tracker_owner login nosuperuser nocreatedb nocreaterole password '${TRACKER_OWNER_PASSWORD}';
create role tracker_app login nosuperuser nocreatedb nocreaterole password '${TRACKER_APP_PASSWORD}';
alter database "$POSTGRES_DB" owner to tracker_owner;
revoke all on database "$POSTGRES_DB" from public;
grant connect, temporary on database "$POSTGRES_DB" to tracker_app;
SQL
