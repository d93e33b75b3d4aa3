// pgjdbc through govern proxy: server-side prepared statements (prepareThreshold
// reached), batch inserts, fetchSize paging (portals with row limits and
// PortalSuspended), refusals as SQLState 42501, refusal inside a transaction.
//   java -cp /usr/share/java/postgresql.jar JdbcClient.java JDBC_URL USER PASSWORD   (exit 0: all passed)
import java.sql.*;

public class JdbcClient {
  static int failures = 0;

  static void check(boolean ok, String what, String detail) {
    System.out.println((ok ? "ok   jdbc: " : "FAIL jdbc: ") + what + (ok || detail == null ? "" : "\n     " + detail));
    if (!ok) failures++;
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  public static void main(String[] args) throws Exception {
    String url = args[0] + (args[0].contains("?") ? "&" : "?") + "prepareThreshold=2&sslmode=disable";
    try (Connection c = DriverManager.getConnection(url, args[1], args[2])) {
      check(true, "SCRAM login", null);
      try (PreparedStatement p = c.prepareStatement("SELECT id FROM orders WHERE id = ?")) {
        boolean ok = true;
        for (int i = 0; i < 10; i++) {
          p.setLong(1, i);
          try (ResultSet r = p.executeQuery()) { ok = ok && !r.next(); }
        }
        check(ok, "prepared statement executed 10 times (server-side after prepareThreshold)", null);
      }
      try (Statement s = c.createStatement()) { s.execute("TRUNCATE probe"); }
      catch (SQLException e) { check(e.getSQLState().equals("VG001"), "TRUNCATE needs an approval in prod (VG001)", e.getMessage()); }
      try (Statement s = c.createStatement()) { s.execute("DELETE FROM probe WHERE x IS NOT NULL OR x IS NULL"); }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO probe (x) VALUES (?)")) {
        for (int i = 0; i < 100; i++) { p.setInt(1, i); p.addBatch(); }
        int[] n = p.executeBatch();
        check(n.length == 100, "batch insert of 100 rows", null);
      }
      check(count(c, "SELECT count(*) FROM probe") == 100, "batch rows arrived", null);
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(7);
        long seen = 0;
        try (ResultSet r = s.executeQuery("SELECT x FROM probe ORDER BY x")) { while (r.next()) seen++; }
        check(seen == 100, "fetchSize paging (portal with a row limit, PortalSuspended)", "saw " + seen);
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO probe (x) VALUES (1000)");
        try {
          s.executeUpdate("DELETE FROM orders");
          check(false, "refusal inside a transaction", null);
        } catch (SQLException e) {
          check("42501".equals(e.getSQLState()) && e.getMessage().contains("destructive.unbounded_write: "),
                "refusal inside a transaction: SQLState 42501 `rule: message`", e.getMessage());
        }
      }
      try { c.commit(); } catch (SQLException e) { /* pgjdbc may report that the server rolled back */ }
      c.setAutoCommit(true);
      check(count(c, "SELECT count(*) FROM probe WHERE x = 1000") == 0,
            "COMMIT after the refusal did not commit the earlier INSERT", null);
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO probe (x) VALUES (2000)");
        s.addBatch("DELETE FROM orders");
        s.executeBatch();
        check(false, "batch with a refused statement", null);
      } catch (BatchUpdateException e) {
        check(true, "batch with a refused statement fails", null);
      }
      check(count(c, "SELECT 1") == 1, "session usable afterwards", null);
    }
    System.out.println("jdbc client: " + failures + " failure(s)");
    System.exit(failures == 0 ? 0 : 1);
  }
}
