package io.agnosticbilling.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Bytes on a loopback socket, for requests no HTTP client would send (malformed request lines, odd
 * escapes, bodies that trickle in) and the raw answer the server wrote back.
 */
final class RawHttp {
  private RawHttp() {}

  /** An answer as it came off the wire. */
  record RawAnswer(int status, Map<String, String> headers, String body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    JsonNode json() {
      try {
        return ApiHarness.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("answer is not JSON: " + body, e);
      }
    }
  }

  /** Sends {@code request} as is (CRLFs included) and reads the answer until the server closes. */
  static RawAnswer exchange(int port, String request) {
    try (Socket socket = open(port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new AssertionError("raw exchange failed", e);
    }
  }

  static Socket open(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
    return socket;
  }

  /** Reads one answer: status line, headers and a body of Content-Length bytes (or until EOF). */
  static RawAnswer read(InputStream in) throws IOException {
    String head = readHead(in);
    if (head.isEmpty()) {
      throw new IOException("the server closed the connection without an answer");
    }
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String length = headers.get("content-length");
    if (length != null) {
      body.write(in.readNBytes(Integer.parseInt(length)));
    } else if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      try {
        in.transferTo(body);
      } catch (SocketTimeoutException e) {
        // no length and the connection stayed open: what arrived is the body
      }
    } else {
      readChunks(in, body);
    }
    return new RawAnswer(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < 4 && (b = in.read()) != -1) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1).trim();
  }

  private static void readChunks(InputStream in, ByteArrayOutputStream body) throws IOException {
    while (true) {
      String sizeLine = line(in);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        line(in);
        return;
      }
      body.write(in.readNBytes(size));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }
}
