package io.chatflows.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a fixed local port that forwards every connection to a target. Two ways for the
 * dependency behind it to fail:
 *
 * <ul>
 *   <li>{@link #off()}: the listener and every live connection are closed, new connections are
 *       refused (the dependency is down);
 *   <li>{@link #stall()}: everything stays open but nothing moves: live connections stop
 *       forwarding, new connections are accepted and never connected upstream (the dependency
 *       hangs, as a stuck process or a black-holing network does).
 * </ul>
 *
 * {@link #on()} ends either: after {@code off} the proxy listens on the same port again; after
 * {@code stall} the held bytes and connections flow on.
 */
final class TcpProxy implements AutoCloseable {

  private final String name;
  private final int port;
  private final InetSocketAddress target;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private final List<Socket> held = new ArrayList<>();
  private final Object flow = new Object();
  private ServerSocket listener;
  private boolean stalled;

  TcpProxy(String name, int targetPort) {
    this.name = name;
    this.port = FaultTopology.freePort();
    this.target = new InetSocketAddress("127.0.0.1", targetPort);
    on();
  }

  int port() {
    return port;
  }

  /** Forwards again: listens if it was off, lets held bytes and connections through if stalled. */
  synchronized void on() {
    List<Socket> waiting;
    synchronized (flow) {
      stalled = false;
      flow.notifyAll();
      waiting = new ArrayList<>(held);
      held.clear();
    }
    waiting.forEach(this::connect);
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

  /** The dependency hangs: connections are accepted and kept, and no byte moves either way. */
  void stall() {
    synchronized (flow) {
      stalled = true;
    }
  }

  synchronized void off() {
    synchronized (flow) {
      stalled = false;
      flow.notifyAll();
      held.forEach(TcpProxy::quietly);
      held.clear();
    }
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
      synchronized (flow) {
        if (stalled) {
          held.add(client);
          continue;
        }
      }
      connect(client);
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 2000);
    } catch (IOException e) {
      quietly(client);
      quietly(upstream);
      return;
    }
    live.add(client);
    live.add(upstream);
    synchronized (this) {
      if (listener == null) { // switched off meanwhile
        quietly(client);
        quietly(upstream);
        return;
      }
    }
    pump(client, upstream);
    pump(upstream, client);
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
              awaitFlowing();
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

  /** Holds the bytes just read while the proxy is stalled. */
  private void awaitFlowing() throws IOException {
    synchronized (flow) {
      while (stalled) {
        try {
          flow.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while stalled", e);
        }
      }
    }
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
