package io.camsearch.source;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which hosts and addresses may be fetched from. A host is checked by name against the allow-list
 * before it is looked up, and each address it resolves to is checked against the special ranges
 * after: the name alone proves nothing ({@code 127.1}, {@code [::ffff:7f00:1]}, a DNS name that
 * answers {@code 10.0.0.5}), the address is what the connection goes to.
 */
public final class AddressPolicy {

    /** What a special range is, and whether {@code allow-private-networks} opens it. */
    private enum Kind {
        PRIVATE, ALWAYS_REFUSED
    }

    private record Range(byte[] prefix, int bits, String name, Kind kind) {
        static Range of(String cidr, String name, Kind kind) {
            int slash = cidr.indexOf('/');
            try {
                return new Range(InetAddress.getByName(cidr.substring(0, slash)).getAddress(), Integer.parseInt(cidr.substring(slash + 1)), name, kind);
            } catch (UnknownHostException e) {
                throw new AssertionError("not an address literal: " + cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            if (!Arrays.equals(address, 0, full, prefix, 0, full)) {
                return false;
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[full] & mask) == (prefix[full] & mask);
        }
    }

    // IANA special-purpose registries (RFC 6890 and updates). Link-local stays refused even with
    // private networks allowed: 169.254.169.254 is the cloud metadata service.
    private static final List<Range> V4 = List.of(
            Range.of("0.0.0.0/8", "an unspecified ('this network') address", Kind.ALWAYS_REFUSED),
            Range.of("10.0.0.0/8", "a private address", Kind.PRIVATE),
            Range.of("100.64.0.0/10", "a shared (CGNAT) address", Kind.PRIVATE),
            Range.of("127.0.0.0/8", "a loopback address", Kind.PRIVATE),
            Range.of("169.254.0.0/16", "a link-local address", Kind.ALWAYS_REFUSED),
            Range.of("172.16.0.0/12", "a private address", Kind.PRIVATE),
            Range.of("192.0.0.0/24", "an IETF protocol address", Kind.ALWAYS_REFUSED),
            Range.of("192.0.2.0/24", "a documentation address", Kind.ALWAYS_REFUSED),
            Range.of("192.88.99.0/24", "a 6to4 relay address", Kind.ALWAYS_REFUSED),
            Range.of("192.168.0.0/16", "a private address", Kind.PRIVATE),
            Range.of("198.18.0.0/15", "a benchmarking address", Kind.PRIVATE),
            Range.of("198.51.100.0/24", "a documentation address", Kind.ALWAYS_REFUSED),
            Range.of("203.0.113.0/24", "a documentation address", Kind.ALWAYS_REFUSED),
            Range.of("224.0.0.0/4", "a multicast address", Kind.ALWAYS_REFUSED),
            Range.of("240.0.0.0/4", "a reserved or broadcast address", Kind.ALWAYS_REFUSED));

    private static final List<Range> V6 = List.of(
            Range.of("::/128", "the unspecified address", Kind.ALWAYS_REFUSED),
            Range.of("::1/128", "a loopback address", Kind.PRIVATE),
            Range.of("100::/64", "a discard address", Kind.ALWAYS_REFUSED),
            Range.of("2001::/32", "a Teredo address", Kind.ALWAYS_REFUSED),
            Range.of("2001:db8::/32", "a documentation address", Kind.ALWAYS_REFUSED),
            Range.of("2001:10::/28", "an ORCHID address", Kind.ALWAYS_REFUSED),
            Range.of("64:ff9b:1::/48", "a local-use NAT64 address", Kind.ALWAYS_REFUSED),
            Range.of("fc00::/7", "a unique local (private) address", Kind.PRIVATE),
            Range.of("fe80::/10", "a link-local address", Kind.ALWAYS_REFUSED),
            Range.of("fec0::/10", "a site-local address", Kind.PRIVATE),
            Range.of("ff00::/8", "a multicast address", Kind.ALWAYS_REFUSED));

    /** IPv6 forms that carry an IPv4 address, and where: the embedded address is what gets reached. */
    private record Embedding(Range range, int offset) {
        static Embedding of(String cidr, int offset) {
            return new Embedding(Range.of(cidr, "an IPv6 form of an IPv4 address", Kind.PRIVATE), offset);
        }
    }

    // IPv4-mapped, IPv4-compatible, NAT64 (RFC 6052) and 6to4 (RFC 3056).
    private static final List<Embedding> EMBEDDINGS = List.of(Embedding.of("::ffff:0:0/96", 12), Embedding.of("::/96", 12),
            Embedding.of("64:ff9b::/96", 12), Embedding.of("2002::/16", 2));

    private final List<String> allowedHosts;
    private final boolean allowPrivateNetworks;

    public AddressPolicy(List<String> allowedHosts, boolean allowPrivateNetworks) {
        this.allowedHosts = allowedHosts.stream().map(AddressPolicy::normalize).toList();
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /** Whether the URL's host (as written, before any lookup) is on the allow-list; any host when the list is empty. */
    public boolean hostAllowed(String host) {
        if (allowedHosts.isEmpty()) {
            return true;
        }
        String h = normalize(host);
        for (String entry : allowedHosts) {
            if (entry.equals(h) || entry.startsWith("*.") && h.endsWith(entry.substring(1)) && h.length() > entry.length() - 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why {@code address}, reached under the name {@code host}, may not be connected to; empty when
     * it may. A special address is allowed when private networks are, or when the operator listed
     * that very address literal as an allowed host.
     */
    public Optional<String> refusal(String host, InetAddress address) {
        Optional<Range> special = special(address.getAddress());
        if (special.isEmpty()) {
            return Optional.empty();
        }
        Range range = special.get();
        if (range.kind() == Kind.PRIVATE && allowPrivateNetworks || listedLiteral(host, address)) {
            return Optional.empty();
        }
        return Optional.of(address.getHostAddress() + " is " + range.name()
                + (range.kind() == Kind.PRIVATE ? "; set camsearch.source.allow-private-networks=true or list the address in camsearch.source.allowed-hosts" : ""));
    }

    private boolean listedLiteral(String host, InetAddress address) {
        String h = normalize(host);
        if (!allowedHosts.contains(h) || !isLiteral(h)) {
            return false;
        }
        try {
            return InetAddress.getByName(h).equals(address);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The special range of an address; an IPv6 form that embeds an IPv4 address is judged by the embedded one. */
    private static Optional<Range> special(byte[] address) {
        if (address.length == 4) {
            return V4.stream().filter(r -> r.contains(address)).findFirst();
        }
        boolean unspecifiedOrLoopback = V6.get(0).contains(address) || V6.get(1).contains(address);
        for (Embedding e : EMBEDDINGS) {
            if (e.range().contains(address) && !unspecifiedOrLoopback) {
                return special(Arrays.copyOfRange(address, e.offset(), e.offset() + 4));
            }
        }
        return V6.stream().filter(r -> r.contains(address)).findFirst();
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    private static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT).strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
