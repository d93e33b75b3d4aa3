#!/usr/bin/env bash
# ORACLE: govern's column/table facts vs PostgreSQL's own dependency tracking.
# Starts a throwaway PostgreSQL 15 on 127.0.0.1 (free port, temp data dir),
# loads each pipeline schema, creates every pipeline query as a view and
# compares information_schema.view_column_usage / view_table_usage with what
# govern reports, then every output column's lineage (govern's sources and
# CTAS write_sources) with what PostgreSQL's stored query tree of the view
# resolves it to (lineage.py). Fails on any difference not listed as a known
# govern bug (see docs/catalog.md, "6. The oracle test").
#   run_oracle.sh GOVERN_FACTS_BINARY [CORPUS_DIR]
set -euo pipefail
tool=$(readlink -f "$1")
corpus=${2:-$(dirname "$0")/../../../shared/corpus}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/postgres.sh"
start_postgres
work=$pg_work
python3 -B "$here/oracle.py" --tool "$tool" --corpus "$corpus" --work "$work" --psql "$pgbin/psql"
