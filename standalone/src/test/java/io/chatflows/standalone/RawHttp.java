package io.chatflows.standalone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: the request line and headers go out byte for byte as written (no
 * client normalises the path, encodes the query or adds a Host header), the connection is closed
 * after one response.
 */
final class RawHttp {

  /** A response: status, headers (lower-case names) and the body, de-chunked. */
  record Response(int status, Map<String, String> headers, String body) {
    String contentType() {
      return headers.getOrDefault("content-type", "");
    }
  }

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /** {@code GET target HTTP/1.1} with a Host header and, when given, a bearer token. */
  Response get(String target, String token) {
    return send(
        "GET "
            + target
            + " HTTP/1.1\r\nHost: localhost\r\n"
            + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
            + "Connection: close\r\n\r\n");
  }

  /** {@code POST target HTTP/1.1} with a JSON body. */
  Response post(String target, String token, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return send(
        "POST "
            + target
            + " HTTP/1.1\r\nHost: localhost\r\n"
            + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
            + "Content-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n"
            + json);
  }

  /** Sends the request exactly as given (ISO-8859-1) and reads one response. */
  Response send(String request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Response parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete response: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(new java.io.ByteArrayInputStream(body));
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          size.append((char) c);
        }
      }
      int length = size.isEmpty() ? 0 : Integer.parseInt(size.toString().split(";")[0], 16);
      if (length == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(length));
      in.read(); // \r
      in.read(); // \n
    }
  }
}
