package io.chatflows.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;

/** Addresses and ports of this machine, for tests of who can reach a server. */
final class LocalAddresses {

  private LocalAddresses() {}

  /**
   * An IPv4 address of an interface that is up and not loopback, e.g. the machine's LAN address.
   */
  static Optional<InetAddress> nonLoopback() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(LocalAddresses::usable)
          .flatMap(NetworkInterface::inetAddresses)
          .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
          .findFirst();
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean usable(NetworkInterface network) {
    try {
      return network.isUp() && !network.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }

  /** A port free on every interface right now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a TCP connection to the address and port is accepted within 2 s. */
  static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
