package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite file owned by this process: an exclusive lock file beside it keeps other processes
 * out; ONE writer thread drains a queue of write tasks into one transaction per batch (group
 * commit), each task inside its own savepoint, and answers each caller only once its batch is
 * committed (WAL, {@code synchronous=FULL}); reads run on separate read-only connections.
 */
final class SqliteDatabase implements Database {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final int MAX_BATCH = 256;

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Connection writer;
  private final Handle writerHandle;
  private final BlockingQueue<Handle> readers;
  private final List<Handle> allReaders = new ArrayList<>();
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writerThread;
  private volatile boolean open = true;
  // Written by the writer thread only.
  private volatile long commits;
  // The writer thread's: a port call of the running task failed (see nested).
  private Throwable taskFailure;
  // The writer thread's: what the running batch's writes asked to run once it has ended.
  private final List<Runnable> afterBatch = new ArrayList<>();
  private final Map<String, ReadCache<?>> caches = new ConcurrentHashMap<>();

  private SqliteDatabase(
      Path file, FileChannel lockChannel, FileLock lock, int readerCount, SqliteSync sync)
      throws SQLException {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.writer = writerConfig(sync).createConnection("jdbc:sqlite:" + file);
    writer.setAutoCommit(false);
    this.writerHandle = Handle.caching(writer);
    this.readers = new ArrayBlockingQueue<>(readerCount);
    for (int i = 0; i < readerCount; i++) {
      Handle reader = Handle.caching(readerConfig().createConnection("jdbc:sqlite:" + file));
      allReaders.add(reader);
      readers.add(reader);
    }
    this.writerThread = new Thread(this::drain, "sqlite-writer " + file.getFileName());
    writerThread.setDaemon(true);
    writerThread.start();
  }

  /**
   * Opens (creating when missing, owner-only) the file, after taking the lock file beside it.
   *
   * @throws StoreLockedException when another process holds the lock
   */
  static SqliteDatabase open(Path file, int readerCount, SqliteSync sync) {
    Path absolute = file.toAbsolutePath();
    Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      createOwnerOnly(lockFile);
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very JVM: another store on the same file
      }
      if (lock == null) {
        channel.close();
        throw new StoreLockedException(absolute, lockFile);
      }
      // SQLite creates the -wal and -shm files with the permissions of the database file.
      createOwnerOnly(absolute);
      return new SqliteDatabase(absolute, channel, lock, readerCount, sync);
    } catch (IOException | SQLException e) {
      closeQuietly(channel);
      throw new SqlStoreException("cannot open the SQLite store " + absolute + ": " + e, e);
    }
  }

  private static void createOwnerOnly(Path path) throws IOException {
    try {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      Files.setPosixFilePermissions(path, OWNER_ONLY);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: permissions are the directory's business.
      if (!Files.exists(path)) {
        Files.createFile(path);
      }
    }
  }

  private static SQLiteConfig common() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(10_000);
    // No statement reads generated keys; sqlite-jdbc would otherwise match every update's SQL
    // against a regex to prepare them (about 2 % of a webhook's CPU).
    config.setGetGeneratedKeys(false);
    return config;
  }

  private static SQLiteConfig writerConfig(SqliteSync sync) {
    SQLiteConfig config = common();
    // FULL: the WAL is synced at every commit, so a committed batch survives power loss too.
    config.setSynchronous(
        sync == SqliteSync.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    return config;
  }

  private static SQLiteConfig readerConfig() {
    SQLiteConfig config = common();
    config.setReadOnly(true);
    return config;
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    ensureOpen();
    if (Thread.currentThread() == writerThread) {
      return run(writerHandle, work);
    }
    Handle reader;
    try {
      reader = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqlStoreException("interrupted while waiting for a read connection", e);
    }
    try {
      return run(reader, work);
    } finally {
      readers.add(reader);
    }
  }

  @Override
  public <T> T write(SqlWork<T> work) {
    if (Thread.currentThread() == writerThread) {
      return nested(work); // inside a task: a savepoint of its own within the task's
    }
    ensureOpen();
    Task<T> task = new Task<>(work);
    queue.add(task);
    if (!open) {
      // Closed between the check and the add: the writer may have stopped draining already.
      task.future.completeExceptionally(closed());
    }
    try {
      return task.future.join();
    } catch (CompletionException e) {
      throw unwrap(e.getCause());
    }
  }

  /**
   * A port call inside a task (the work of {@link #transaction}), run on the task's transaction
   * without a savepoint of its own (two statements fewer per call). A refusal ({@link
   * ConcurrentUpdateException}) is thrown before the call wrote anything, so the work may catch it
   * and go on. Any other failure may come after a write, so it fails the whole task even if the
   * work catches it: the task is rolled back to its start and answered with that failure, as a
   * database error fails a PostgreSQL transaction.
   */
  private <T> T nested(SqlWork<T> work) {
    try {
      return work.run(writerHandle);
    } catch (ConcurrentUpdateException refused) {
      throw refused;
    } catch (SQLException e) {
      SqlStoreException failure = new SqlStoreException("SQLite failed: " + e.getMessage(), e);
      taskFailure = failure;
      throw failure;
    } catch (RuntimeException | Error e) {
      taskFailure = e;
      throw e;
    }
  }

  @Override
  public <T> T transaction(java.util.function.Supplier<T> work) {
    return write(h -> work.get());
  }

  @Override
  public <T> T migrating(SqlWork<T> work) {
    // The one writer is the lock: no other write runs while these steps do. A step may rewrite
    // any row, so nothing read before it is kept.
    return write(
        h -> {
          caches.values().forEach(ReadCache::changingAll);
          return work.run(h);
        });
  }

  /** This process writes the file alone, through the writer thread: reads may be kept. */
  @Override
  @SuppressWarnings("unchecked")
  public <V> ReadCache<V> readCache(String name) {
    return (ReadCache<V>) caches.computeIfAbsent(name, n -> ReadCache.over(this));
  }

  boolean onWriterThread() {
    return Thread.currentThread() == writerThread;
  }

  /**
   * Runs {@code action} once the running task's batch has committed or rolled back, before any of
   * its callers is answered. Only from inside a write (on the writer thread).
   */
  void afterBatch(Runnable action) {
    if (!onWriterThread()) {
      throw new IllegalStateException("only a write task may ask to run after its batch");
    }
    afterBatch.add(action);
  }

  @Override
  public void ping() {
    read(h -> h.number("SELECT 1"));
  }

  @Override
  public String description() {
    return "sqlite " + file;
  }

  Path file() {
    return file;
  }

  /** A consistent copy of the database as of one moment, written while writes go on. */
  void backup(Path target) {
    Path absolute = prepareBackupTarget(target);
    // VACUUM INTO reads one snapshot (a read transaction) and writes a compact copy.
    read(
        h -> {
          vacuumInto(h.connection(), absolute);
          return null;
        });
  }

  /**
   * The same copy from another process than the owner: a read-only connection does not need the
   * lock file, and in WAL mode it reads one committed snapshot while the owner keeps writing.
   */
  static void backupFile(Path database, Path target) {
    Path source = database.toAbsolutePath();
    if (!Files.isRegularFile(source)) {
      throw new SqlStoreException("there is no SQLite store at " + source);
    }
    Path absolute = prepareBackupTarget(target);
    try (Connection reader = readerConfig().createConnection("jdbc:sqlite:" + source)) {
      vacuumInto(reader, absolute);
    } catch (SQLException e) {
      throw new SqlStoreException("the backup of " + source + " failed: " + e.getMessage(), e);
    }
  }

  private static Path prepareBackupTarget(Path target) {
    Path absolute = target.toAbsolutePath();
    try {
      if (Files.exists(absolute) && Files.size(absolute) > 0) {
        throw new IllegalArgumentException(
            "the backup target " + absolute + " exists already; choose a new file");
      }
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      createOwnerOnly(absolute);
      return absolute;
    } catch (IOException e) {
      throw new SqlStoreException("cannot create the backup file " + absolute + ": " + e, e);
    }
  }

  private static void vacuumInto(Connection connection, Path target) throws SQLException {
    try (var statement = connection.prepareStatement("VACUUM INTO ?")) {
      statement.setString(1, target.toString());
      statement.execute();
    }
  }

  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    try {
      writerThread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Task<?> left; (left = queue.poll()) != null; ) {
      left.future.completeExceptionally(closed());
    }
    for (Handle reader : allReaders) {
      reader.closeStatements();
      closeQuietly(reader.connection());
    }
    writerHandle.closeStatements();
    closeQuietly(writer);
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel releases it as well.
    }
    closeQuietly(lockChannel);
  }

  private void drain() {
    List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
    while (open || !queue.isEmpty()) {
      Task<?> first;
      try {
        first = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        continue; // only close() stops the writer, after the queue is empty
      }
      if (first == null) {
        continue;
      }
      batch.clear();
      batch.add(first);
      queue.drainTo(batch, MAX_BATCH - 1);
      try {
        runBatch(batch);
      } catch (RuntimeException | Error unexpected) {
        // The writer must outlive any failure, or every caller would wait forever.
        rollbackQuietly();
        for (Task<?> task : batch) {
          task.failure = unexpected;
        }
      }
      // Committed or rolled back: what the batch's writes asked for runs before any answer.
      for (Runnable action : afterBatch) {
        try {
          action.run();
        } catch (RuntimeException | Error ignored) {
          // Cache bookkeeping only; it must not keep the callers waiting.
        }
      }
      afterBatch.clear();
      for (Task<?> task : batch) {
        task.complete();
      }
    }
  }

  private void runBatch(List<Task<?>> batch) {
    if (batch.size() == 1) {
      runAlone(batch.get(0));
      return;
    }
    List<Task<?>> done = new ArrayList<>(batch.size());
    for (Task<?> task : batch) {
      try {
        writerHandle.prepare("SAVEPOINT task").execute();
      } catch (SQLException e) {
        failAll(done, e);
        done.clear();
        task.failure = e;
        rollbackQuietly();
        continue;
      }
      try {
        runTask(task);
        writerHandle.prepare("RELEASE task").execute();
        done.add(task);
      } catch (Throwable failure) {
        task.failure = failure;
        try {
          writerHandle.prepare("ROLLBACK TO task").execute();
          writerHandle.prepare("RELEASE task").execute();
        } catch (SQLException broken) {
          // The transaction itself is gone: nothing done in this batch so far is kept.
          failAll(done, broken);
          done.clear();
          rollbackQuietly();
        }
      }
    }
    try {
      commit();
    } catch (SQLException e) {
      rollbackQuietly();
      failAll(done, e);
    }
  }

  /** A batch of one needs no savepoint: its failure rolls back the transaction, which is its. */
  private void runAlone(Task<?> task) {
    try {
      runTask(task);
      commit();
    } catch (Throwable failure) {
      rollbackQuietly();
      task.failure = failure; // a commit failure too: the caller must not see its result
    }
  }

  /** Runs the task's work; a port call that failed inside it fails it, caught or not. */
  private void runTask(Task<?> task) throws Throwable {
    taskFailure = null;
    Throwable thrown = null;
    try {
      task.runOn(writerHandle);
    } catch (Throwable t) {
      thrown = t;
    }
    Throwable failed = taskFailure != null ? taskFailure : thrown;
    taskFailure = null;
    if (failed != null) {
      throw failed;
    }
  }

  private void commit() throws SQLException {
    writer.commit();
    commits++;
  }

  /** How many transactions the writer committed: for tests counting a webhook's commits. */
  long commits() {
    return commits;
  }

  private static void failAll(List<Task<?>> tasks, Exception cause) {
    for (Task<?> t : tasks) {
      t.failure =
          new SqlStoreException("the write was not committed: " + cause.getMessage(), cause);
    }
  }

  private void rollbackQuietly() {
    try {
      writer.rollback();
    } catch (SQLException ignored) {
      // Nothing more to undo.
    }
  }

  private void ensureOpen() {
    if (!open) {
      throw closed();
    }
  }

  private SqlStoreException closed() {
    return new SqlStoreException("the SQLite store " + file + " is closed");
  }

  private static <T> T run(Handle handle, SqlWork<T> work) {
    try {
      return work.run(handle);
    } catch (SQLException e) {
      throw new SqlStoreException("SQLite failed: " + e.getMessage(), e);
    }
  }

  static RuntimeException unwrap(Throwable failure) {
    if (failure instanceof RuntimeException r) {
      return r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return new SqlStoreException("SQLite failed: " + failure.getMessage(), failure);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Closing on the way out.
    }
  }

  /** A write waiting for the writer, answered after its batch's commit. */
  private static final class Task<T> {
    final SqlWork<T> work;
    final CompletableFuture<T> future = new CompletableFuture<>();
    T result;
    Throwable failure;

    Task(SqlWork<T> work) {
      this.work = work;
    }

    void runOn(Handle handle) throws SQLException {
      result = work.run(handle);
    }

    void complete() {
      if (failure != null) {
        future.completeExceptionally(failure);
      } else {
        future.complete(result);
      }
    }
  }
}
