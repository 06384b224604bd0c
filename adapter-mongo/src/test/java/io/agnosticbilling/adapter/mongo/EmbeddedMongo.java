package io.agnosticbilling.adapter.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test support: an in-process server speaking the MongoDB wire protocol (mongo-java-server), either
 * on an H2 file under a directory (the standalone server's former default store) or in memory,
 * bound to a free loopback port so the real driver reaches it like any MongoDB. A test class only
 * (shared through adapter-mongo's test jar): mongo-java-server is no part of the runtime.
 */
public final class EmbeddedMongo implements AutoCloseable {
  /** The file the H2 backend keeps every database in, inside the data directory. */
  public static final String STORE_FILE = "billing.mv";

  private final MongoServer server;
  private final MongoBackend backend;
  private final InetSocketAddress address;

  private EmbeddedMongo(MongoBackend backend) {
    this.backend = backend;
    this.server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    this.address = server.getLocalAddress();
  }

  /** A server whose data survives a restart, in {@code directory}/{@value #STORE_FILE}. */
  public static EmbeddedMongo onDisk(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + directory, e);
    }
    return new EmbeddedMongo(new H2Backend(directory.resolve(STORE_FILE).toString()));
  }

  /** A server that forgets everything when closed. */
  public static EmbeddedMongo inMemory() {
    return new EmbeddedMongo(new MemoryBackend());
  }

  /** {@code mongodb://127.0.0.1:<port>}, without a database, for the driver. */
  public String connectionString() {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  /** Stops listening, closes the cursors and flushes the H2 file. */
  @Override
  public void close() {
    server.shutdownNow();
    backend.close();
  }
}
