package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.organization.Organization;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads organization rows, remembering the last aggregate mapped per organization with the exact
 * row it came from (version, customer id and document text). A row read again unchanged gives the
 * remembered (immutable) aggregate without parsing its document: a pure memo of {@link
 * OrganizationMapper#fromRow}, so it is sound with any number of processes on one database (every
 * read still goes to the database; only the parse is skipped). Parsing was about a tenth of a usage
 * record's CPU, which reads its organization on every request.
 */
final class OrganizationRows {
  /** Bound of the memo; when full it starts over. */
  static final int REMEMBERED = 4_096;

  private record Row(long version, Optional<String> customerId, String document, Organization org) {
    boolean sameAs(long otherVersion, Optional<String> otherCustomer, String otherDocument) {
      return version == otherVersion
          && customerId.equals(otherCustomer)
          && document.equals(otherDocument);
    }
  }

  private final Map<String, Row> rows = new ConcurrentHashMap<>();

  /**
   * The organization of the current row of {@code rs} (columns {@link SqlOrganizations#COLUMNS}).
   */
  Organization read(ResultSet rs) throws SQLException {
    StoredRow row = StoredRow.of(OrganizationMapper.TABLE, "id", rs);
    String id = row.string("id");
    long version = row.longValue("version");
    Optional<String> customerId = row.optionalString("customer_id");
    String document = row.string("document");
    Row known = rows.get(id);
    if (known != null && known.sameAs(version, customerId, document)) {
      return known.org();
    }
    Organization org = OrganizationMapper.fromRow(id, version, customerId, document);
    remember(org, document);
    return org;
  }

  /** Remembers {@code org} as mapped from {@code document} (what a save just wrote). */
  void remember(Organization org, String document) {
    if (rows.size() >= REMEMBERED) {
      rows.clear();
    }
    rows.put(org.id().value(), new Row(org.version(), org.customerId(), document, org));
  }
}
