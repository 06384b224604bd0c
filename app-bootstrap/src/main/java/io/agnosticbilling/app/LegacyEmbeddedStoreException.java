package io.agnosticbilling.app;

import java.nio.file.Path;

/**
 * Failure: the data directory holds the former embedded store (mongo-java-server's H2 file) and no
 * SQLite store yet; starting would look like every account was lost, so nothing is started.
 */
final class LegacyEmbeddedStoreException extends RuntimeException {
  LegacyEmbeddedStoreException(Path legacyFile, Path sqliteFile) {
    super(
        "The data directory holds "
            + legacyFile
            + ", the store of the former embedded MongoDB server, which this version no longer"
            + " runs; starting would create an empty "
            + sqliteFile
            + " and every account would look lost. To keep the data, move it to a MongoDB and set"
            + " MONGO_URI (steps in docs/operations.md, 'Moving off the former embedded store');"
            + " to start empty on purpose, move "
            + legacyFile.getFileName()
            + " out of the data directory.");
  }
}
