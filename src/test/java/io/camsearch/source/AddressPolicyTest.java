package io.camsearch.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The special address ranges, on address literals (parsed, never looked up or connected to). */
class AddressPolicyTest {

    private static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(List.of(), false);
    private static final AddressPolicy PRIVATE_ALLOWED = new AddressPolicy(List.of(), true);

    private static final List<String> PRIVATE = List.of("127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "100.64.0.1", "100.127.255.255", "::1", "fc00::1", "fd12:3456::1",
            // IPv6 forms that carry a private IPv4 address: mapped, compatible, NAT64, 6to4.
            "::ffff:127.0.0.1", "::127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a00:1", "2002:7f00:1::", "2002:c0a8:101::1");

    private static final List<String> ALWAYS_REFUSED = List.of("0.0.0.0", "0.1.2.3", "169.254.169.254", "169.254.0.1", "224.0.0.1",
            "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.2.1", "::", "fe80::1", "ff02::1", "2001:db8::1", "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::");

    private static final List<String> PUBLIC = List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "11.0.0.1",
            "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808");

    @Test
    void loopbackPrivateAndSharedAddressesAreRefusedUnlessPrivateNetworksAreAllowed() throws Exception {
        for (String a : PRIVATE) {
            assertTrue(PUBLIC_ONLY.refusal("h", InetAddress.getByName(a)).isPresent(), a);
            assertTrue(PRIVATE_ALLOWED.refusal("h", InetAddress.getByName(a)).isEmpty(), a);
        }
    }

    @Test
    void linkLocalMulticastUnspecifiedAndReservedAddressesAreAlwaysRefused() throws Exception {
        for (String a : ALWAYS_REFUSED) {
            assertTrue(PUBLIC_ONLY.refusal("h", InetAddress.getByName(a)).isPresent(), a);
            assertTrue(PRIVATE_ALLOWED.refusal("h", InetAddress.getByName(a)).isPresent(), a);
        }
    }

    @Test
    void publicAddressesAreAllowed() throws Exception {
        for (String a : PUBLIC) {
            assertEquals(java.util.Optional.empty(), PUBLIC_ONLY.refusal("h", InetAddress.getByName(a)), a);
        }
    }

    @Test
    void anAddressLiteralOnTheAllowListIsAllowedButOnlyUnderThatLiteral() throws Exception {
        AddressPolicy listed = new AddressPolicy(List.of("10.1.2.3", "[fd00::5]", "images.example"), false);
        InetAddress address = InetAddress.getByName("10.1.2.3");
        assertTrue(listed.refusal("10.1.2.3", address).isEmpty());
        assertTrue(listed.refusal("[fd00::5]", InetAddress.getByName("fd00::5")).isEmpty());
        assertTrue(listed.refusal("images.example", address).isPresent(), "a listed name that resolves to a private address is still refused");
        assertEquals("10.1.2.3 is a private address; set camsearch.source.allow-private-networks=true or list the address in camsearch.source.allowed-hosts",
                PUBLIC_ONLY.refusal("h", address).orElseThrow());
    }

    @Test
    void theAllowListMatchesNamesExactlyOrAsSubdomainsOfAWildcard() {
        AddressPolicy listed = new AddressPolicy(List.of("cdn.example.com", "*.images.example"), false);
        assertTrue(listed.hostAllowed("cdn.example.com"));
        assertTrue(listed.hostAllowed("CDN.Example.com."));
        assertTrue(listed.hostAllowed("a.images.example"));
        assertTrue(listed.hostAllowed("a.b.images.example"));
        assertFalse(listed.hostAllowed("images.example"));
        assertFalse(listed.hostAllowed("evilimages.example"));
        assertFalse(listed.hostAllowed("cdn.example.com.evil"));
        assertTrue(PUBLIC_ONLY.hostAllowed("anything.example"), "no list: any host, its address still checked");
    }
}
