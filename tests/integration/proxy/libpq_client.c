/* A libpq client of govern proxy: simple and extended protocol, named
 * statements executed many times without Describe, FunctionCall, a pipelined
 * batch with a refused statement in the middle.
 *   proxy_libpq_client CONNINFO      (exit 0 when every check passed) */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

static void check(int ok, const char* what, PGconn* conn) {
  printf("%s libpq: %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) {
    failures++;
    if (conn) printf("     (%s)\n", PQerrorMessage(conn));
  }
}

static int is_refusal(PGresult* r, const char* sqlstate, const char* prefix) {
  if (r == NULL || PQresultStatus(r) != PGRES_FATAL_ERROR) return 0;
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  const char* msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  return state && strcmp(state, sqlstate) == 0 && msg && strncmp(msg, prefix, strlen(prefix)) == 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s CONNINFO\n", argv[0]);
    return 2;
  }
  PGconn* conn = PQconnectdb(argv[1]);
  check(PQstatus(conn) == CONNECTION_OK, "SCRAM login through the proxy", conn);
  if (PQstatus(conn) != CONNECTION_OK) return 1;

  PGresult* r = PQexec(conn, "SELECT 1");
  check(PQresultStatus(r) == PGRES_TUPLES_OK && strcmp(PQgetvalue(r, 0, 0), "1") == 0, "simple query allowed", conn);
  PQclear(r);

  r = PQexec(conn, "DELETE FROM orders");
  check(is_refusal(r, "42501", "destructive.unbounded_write: "), "simple query refused with 42501 `rule: message`", NULL);
  PQclear(r);

  r = PQprepare(conn, "by_id", "SELECT id FROM orders WHERE id = $1", 1, NULL);
  check(PQresultStatus(r) == PGRES_COMMAND_OK, "Parse of an allowed statement", conn);
  PQclear(r);
  int all_ok = 1;
  for (int i = 0; i < 20; ++i) {
    const char* values[1] = {"1"};
    r = PQexecPrepared(conn, "by_id", 1, values, NULL, NULL, 0);
    all_ok = all_ok && PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
  }
  check(all_ok, "named statement executed 20 times without Describe", conn);

  r = PQprepare(conn, "wipe", "DELETE FROM orders", 0, NULL);
  check(is_refusal(r, "42501", "destructive.unbounded_write: "), "Parse of a refused statement", NULL);
  PQclear(r);
  r = PQexecPrepared(conn, "wipe", 0, NULL, NULL, NULL, 0);
  check(is_refusal(r, "26000", "govern.unknown_statement: "), "Bind of the refused statement's name is refused", NULL);
  PQclear(r);

  /* FunctionCall: pg_backend_pid() has oid 2026. */
  int result_len = 0, result_int = 0;
  r = PQfn(conn, 2026, &result_int, &result_len, 1, NULL, 0);
  check(is_refusal(r, "42501", "govern.function_call: "), "FunctionCall refused", NULL);
  PQclear(r);

  r = PQexec(conn, "SELECT 2");
  check(PQresultStatus(r) == PGRES_TUPLES_OK, "session usable after refusals", conn);
  PQclear(r);

  /* A pipelined batch (one Sync) with a refused statement in the middle. */
  int sent = PQenterPipelineMode(conn);
  sent = sent && PQsendQueryParams(conn, "SELECT 10", 0, NULL, NULL, NULL, NULL, 0);
  sent = sent && PQsendQueryParams(conn, "DELETE FROM orders", 0, NULL, NULL, NULL, NULL, 0);
  sent = sent && PQsendQueryParams(conn, "SELECT 30", 0, NULL, NULL, NULL, NULL, 0);
  sent = sent && PQpipelineSync(conn);
  check(sent, "pipeline sent", conn);
  ExecStatusType seen[3] = {PGRES_EMPTY_QUERY, PGRES_EMPTY_QUERY, PGRES_EMPTY_QUERY};
  int refused_ok = 0;
  for (int q = 0; q < 3; ++q) {
    r = PQgetResult(conn);
    if (r == NULL) break;
    seen[q] = PQresultStatus(r);
    if (q == 1) refused_ok = is_refusal(r, "42501", "destructive.unbounded_write: ");
    PQclear(r);
    while ((r = PQgetResult(conn)) != NULL) PQclear(r); /* NULL ends each query's results */
  }
  r = PQgetResult(conn);
  int synced = r != NULL && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
  PQclear(r);
  check(seen[0] == PGRES_TUPLES_OK && refused_ok && seen[2] == PGRES_PIPELINE_ABORTED && synced,
        "pipelined batch: first runs, refused one errors 42501, the rest is aborted up to Sync", conn);
  check(PQexitPipelineMode(conn) == 1, "pipeline mode left", conn);

  r = PQexec(conn, "SELECT 3");
  check(PQresultStatus(r) == PGRES_TUPLES_OK && strcmp(PQgetvalue(r, 0, 0), "3") == 0, "session usable after the pipeline",
        conn);
  PQclear(r);
  PQfinish(conn);
  printf("libpq client: %d failure(s)\n", failures);
  return failures == 0 ? 0 : 1;
}
