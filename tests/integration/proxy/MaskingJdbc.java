// Masked values through govern proxy as pgjdbc reads them: they parse as their
// declared types (getLong, getBigDecimal, getObject UUID, getBytes) in text and
// binary transfer (server-prepared statements after prepareThreshold=1), a named
// statement re-executed, and fetchSize paging (Execute with a row limit, resumed
// after PortalSuspended).
//   java -cp /usr/share/java/postgresql.jar MaskingJdbc.java JDBC_URL USER PASSWORD   (exit 0: all passed)
import java.sql.*;
import java.util.UUID;

public class MaskingJdbc {
  static int failures = 0;

  static void check(boolean ok, String what, String detail) {
    System.out.println((ok ? "ok   jdbc masking: " : "FAIL jdbc masking: ") + what + (ok || detail == null ? "" : "\n     " + detail));
    if (!ok) failures++;
  }

  static void readRow1(Connection c, String mode) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
             "SELECT email, name, card, small, amount, token, raw, doc, born, note, country FROM mask_people WHERE id = ?")) {
      for (int i = 0; i < 4; i++) {  // re-executed: server-side and binary after the threshold
        p.setInt(1, 1);
        try (ResultSet r = p.executeQuery()) {
          check(r.next(), mode + " execution " + i + ": a row", null);
          check("***@shop.io".equals(r.getString(1)), mode + " email", r.getString(1));
          check("A***".equals(r.getString(2)), mode + " initial", r.getString(2));
          check(r.getLong(3) == 1234, mode + " last4 on bigint parses as bigint", String.valueOf(r.getLong(3)));
          int small = r.getInt(4);
          check(!r.wasNull() && small >= 0 && small <= 32767, mode + " hash on smallint parses as smallint", String.valueOf(small));
          java.math.BigDecimal amount = r.getBigDecimal(5);
          check(amount != null && amount.scale() <= 0 && amount.signum() >= 0, mode + " hash on numeric parses as numeric", String.valueOf(amount));
          Object token = r.getObject(6);
          check(token instanceof UUID && !token.toString().equals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                mode + " hash on uuid parses as uuid", String.valueOf(token));
          byte[] raw = r.getBytes(7);
          check(raw != null && raw.length == 16, mode + " hash on bytea parses as bytea", raw == null ? "null" : String.valueOf(raw.length));
          check("\"***\"".equals(r.getString(8)), mode + " redact on jsonb is a JSON string", r.getString(8));
          check(r.getDate(9) == null && r.getString(10) == null, mode + " NULL for date redact and null", null);
          check("ES".equals(r.getString(11)), mode + " unmasked column", r.getString(11));
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    for (String transfer : new String[] {"binaryTransfer=true", "binaryTransfer=false"}) {
      String url = args[0] + (args[0].contains("?") ? "&" : "?") + "prepareThreshold=1&sslmode=disable&" + transfer;
      try (Connection c = DriverManager.getConnection(url, args[1], args[2])) {
        readRow1(c, transfer);
        c.setAutoCommit(false);
        String all = "SELECT id, email, name, code, phone, card, small, amount, token, doc, raw, born, note, country "
                     + "FROM mask_people ORDER BY id";
        StringBuilder whole = new StringBuilder(), paged = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(all)) {
          while (r.next()) for (int i = 1; i <= 14; i++) whole.append(r.getString(i)).append('|');
        }
        try (PreparedStatement p = c.prepareStatement(all)) {
          p.setFetchSize(1);  // one row per Execute: every method through PortalSuspended
          try (ResultSet r = p.executeQuery()) {
            while (r.next()) for (int i = 1; i <= 14; i++) paged.append(r.getString(i)).append('|');
          }
        }
        check(whole.length() > 0 && whole.toString().equals(paged.toString()) && !paged.toString().contains("ana@"),
              transfer + ": every method paged one row at a time equals the unpaged result", paged.toString());
        try (PreparedStatement p = c.prepareStatement("SELECT id, email, name, country FROM mask_bench ORDER BY id")) {
          p.setFetchSize(100);  // Execute with a row limit: 100 PortalSuspended and resumptions
          long n = 0, masked = 0;
          try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
              n++;
              if (r.getString(2).equals("***@example.com") && r.getString(3).equals("***")) masked++;
            }
          }
          check(n == 10000 && masked == 10000, transfer + ": fetchSize paging masks every page", n + " rows, " + masked + " masked");
        }
        c.commit();
      }
    }
    System.out.println("jdbc masking: " + failures + " failure(s)");
    System.exit(failures == 0 ? 0 : 1);
  }
}
