package io.agnosticbilling.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file: {@code KEY=VALUE} lines, {@code #} comments, an optional {@code export
 * } prefix, single or double quotes. Lines it cannot read are reported, never guessed.
 */
final class DotEnvFile {
  static final String NAME = ".env";
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** What the file holds and the lines that could not be read (by number, never by content). */
  record Contents(Map<String, String> values, List<String> problems) {}

  private DotEnvFile() {}

  /** The file in {@code directory}; empty contents when there is none. */
  static Contents read(Path directory) {
    Path file = directory.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return new Contents(Map.of(), List.of());
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new Contents(
          Map.of(), List.of(NAME + " exists but cannot be read: " + e.getMessage()));
    }
    return parse(lines);
  }

  static Contents parse(List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      if (eq < 0 || !KEY.matcher(key).matches()) {
        // The content is not repeated: the line may hold a secret.
        problems.add(NAME + " line " + (i + 1) + " is not KEY=VALUE");
        continue;
      }
      Optional<String> value = value(line.substring(eq + 1).strip());
      if (value.isEmpty()) {
        problems.add(NAME + " line " + (i + 1) + " (" + key + ") has an unclosed quote");
        continue;
      }
      values.put(key, value.get());
    }
    return new Contents(values, problems);
  }

  private static Optional<String> value(String raw) {
    if (raw.startsWith("\"") || raw.startsWith("'")) {
      char quote = raw.charAt(0);
      int close = raw.indexOf(quote, 1);
      if (close < 0) {
        return Optional.empty();
      }
      String inner = raw.substring(1, close);
      return Optional.of(quote == '"' ? inner.replace("\\n", "\n") : inner);
    }
    int comment = raw.indexOf(" #");
    return Optional.of((comment >= 0 ? raw.substring(0, comment) : raw).strip());
  }

  /**
   * A warning when the file can be read by the group or by others (the checklist asks for {@code
   * chmod 600 .env}); empty when it is private, absent, or the file system has no POSIX modes.
   */
  static Optional<String> permissionWarning(Path directory) {
    Path file = directory.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> open =
          EnumSet.of(
              PosixFilePermission.GROUP_READ,
              PosixFilePermission.GROUP_WRITE,
              PosixFilePermission.OTHERS_READ,
              PosixFilePermission.OTHERS_WRITE);
      open.retainAll(permissions);
      if (open.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          file.toAbsolutePath()
              + " can be read or written by "
              + (open.contains(PosixFilePermission.OTHERS_READ)
                      || open.contains(PosixFilePermission.OTHERS_WRITE)
                  ? "other users"
                  : "its group")
              + ": it holds secrets, run 'chmod 600 "
              + NAME
              + "'");
    } catch (UnsupportedOperationException | IOException e) {
      return Optional.empty();
    }
  }
}
