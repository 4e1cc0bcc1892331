package io.chatflows.worker.outbound;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which addresses a webhook action may connect to: globally reachable unicast addresses only.
 *
 * <p>The address is classified by the {@code ipaddress} library (loopback, link-local, private,
 * multicast, unspecified) and then checked against the blocks that IANA's special-purpose address
 * registries mark as not globally reachable. IPv6 must lie in the global unicast space {@code
 * 2000::/3}: that alone refuses every form that embeds an IPv4 address outside it (IPv4-compatible
 * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}); 6to4 ({@code
 * 2002::/16}) and Teredo (inside {@code 2001::/23}) are refused blocks, whatever IPv4 address they
 * carry. IPv4-mapped addresses ({@code ::ffff:a.b.c.d}) reach this class as the IPv4 address.
 */
final class TargetAddresses {

  /** IANA IPv6 Address Space registry: the only block allocated as global unicast. */
  private static final IPAddress GLOBAL_UNICAST_V6 = block("2000::/3");

  /**
   * Blocks of IANA's IPv4 and IPv6 Special-Purpose Address Registries (and the IPv4 reserved and
   * broadcast space) that are not globally reachable, beyond what the library classifies. Where a
   * block holds a few globally reachable anycast addresses (192.0.0.9, 2001:1::1), the whole block
   * is refused: no webhook lives there.
   */
  private static final List<IPAddress> NOT_GLOBAL =
      Stream.of(
              "0.0.0.0/8", // "this network"
              "100.64.0.0/10", // shared address space (carrier-grade NAT)
              "192.0.0.0/24", // IETF protocol assignments
              "192.0.2.0/24", // TEST-NET-1 (documentation)
              "192.88.99.0/24", // deprecated 6to4 relay anycast
              "198.18.0.0/15", // benchmarking
              "198.51.100.0/24", // TEST-NET-2 (documentation)
              "203.0.113.0/24", // TEST-NET-3 (documentation)
              "240.0.0.0/4", // reserved, and 255.255.255.255 (limited broadcast)
              "2001::/23", // IETF protocol assignments: Teredo 2001::/32, benchmarking, ORCHID
              "2001:db8::/32", // documentation
              "2002::/16", // 6to4
              "3fff::/20", // documentation
              "5f00::/16") // segment routing (SRv6) SIDs
          .map(TargetAddresses::block)
          .toList();

  private static final IPAddressNetwork.IPAddressGenerator ADDRESSES =
      new IPAddressNetwork.IPAddressGenerator();

  private TargetAddresses() {}

  /** Whether a webhook action may connect to this address. */
  static boolean isPublic(InetAddress address) {
    IPAddress ip = ADDRESSES.from(address);
    if (ip.isLoopback()
        || ip.isLinkLocal()
        || ip.isLocal()
        || ip.isMulticast()
        || ip.isAnyLocal()
        || ip.isUnspecified()
        || (ip.isIPv4() && ip.toIPv4().isPrivate())
        || (ip.isIPv6() && !GLOBAL_UNICAST_V6.contains(ip))) {
      return false;
    }
    return NOT_GLOBAL.stream().noneMatch(block -> block.contains(ip));
  }

  private static IPAddress block(String cidr) {
    return new IPAddressString(cidr).getAddress().toPrefixBlock();
  }
}
