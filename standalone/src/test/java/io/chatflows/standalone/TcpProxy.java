package io.chatflows.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a fixed local port that forwards every connection to a target. {@link #off()}
 * closes the listener and every live connection (the dependency becomes unreachable: new
 * connections are refused); {@link #on()} listens on the same port again.
 */
final class TcpProxy implements AutoCloseable {

  private final String name;
  private final int port;
  private final InetSocketAddress target;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private ServerSocket listener;

  TcpProxy(String name, int targetPort) {
    this.name = name;
    this.port = FaultTopology.freePort();
    this.target = new InetSocketAddress("127.0.0.1", targetPort);
    on();
  }

  int port() {
    return port;
  }

  synchronized void on() {
    if (listener != null) {
      return;
    }
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      listener = socket;
    } catch (IOException e) {
      throw new UncheckedIOException("proxy " + name + " cannot listen on " + port, e);
    }
    ServerSocket accepting = listener;
    daemon(name + "-accept", () -> accept(accepting));
  }

  synchronized void off() {
    if (listener == null) {
      return;
    }
    quietly(listener);
    listener = null;
    live.forEach(TcpProxy::quietly);
    live.clear();
  }

  private void accept(ServerSocket accepting) {
    while (!accepting.isClosed()) {
      Socket client;
      try {
        client = accepting.accept();
      } catch (IOException closed) {
        return;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 2000);
      } catch (IOException e) {
        quietly(client);
        quietly(upstream);
        continue;
      }
      live.add(client);
      live.add(upstream);
      synchronized (this) {
        if (listener != accepting) { // switched off meanwhile
          quietly(client);
          quietly(upstream);
          continue;
        }
      }
      pump(client, upstream);
      pump(upstream, client);
    }
  }

  private void pump(Socket from, Socket to) {
    daemon(
        name + "-pump",
        () -> {
          byte[] buffer = new byte[16 * 1024];
          try (InputStream in = from.getInputStream();
              OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
              out.write(buffer, 0, n);
              out.flush();
            }
          } catch (IOException ignored) {
            // one side closed: close both below
          } finally {
            quietly(from);
            quietly(to);
            live.remove(from);
            live.remove(to);
          }
        });
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void quietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    off();
  }
}
