package io.camsearch.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How images may be fetched ({@code camsearch.source.*}).
 *
 * @param timeout one deadline for a whole fetch: name lookup, connect, every redirect, headers and body
 * @param connectTimeout the longest one connection attempt may take (within {@code timeout})
 * @param maxBytes the most bytes an image may have, inline or fetched
 * @param fileRoot the directory {@code file:} URLs may read regular files from; empty refuses them all
 * @param allowedHosts when not empty, the only hosts http(s) URLs may name: exact names, {@code *.domain}
 *     for its subdomains, or IP literals (a listed literal may be any address, private ones included:
 *     the operator named it)
 * @param allowPrivateNetworks whether host names may resolve to loopback, private (RFC 1918, CGNAT,
 *     unique local) addresses; link-local, multicast and other special addresses stay refused
 * @param maxRedirects redirects followed per fetch, each checked like the first URL
 */
public record SourceSettings(Duration timeout, Duration connectTimeout, long maxBytes, Optional<Path> fileRoot,
                             List<String> allowedHosts, boolean allowPrivateNetworks, int maxRedirects) {

    public SourceSettings {
        if (timeout.isNegative() || timeout.isZero() || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("the source timeout and connect timeout must be positive, got " + timeout + " and " + connectTimeout);
        }
        if (maxBytes < 1 || maxRedirects < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 1 and maxRedirects >= 0, got " + maxBytes + " and " + maxRedirects);
        }
        allowedHosts = List.copyOf(allowedHosts);
    }

    public SourceSettings withTimeouts(Duration timeout, Duration connectTimeout) {
        return new SourceSettings(timeout, connectTimeout, maxBytes, fileRoot, allowedHosts, allowPrivateNetworks, maxRedirects);
    }

    public SourceSettings withMaxBytes(long maxBytes) {
        return new SourceSettings(timeout, connectTimeout, maxBytes, fileRoot, allowedHosts, allowPrivateNetworks, maxRedirects);
    }

    public SourceSettings withFileRoot(Path root) {
        return new SourceSettings(timeout, connectTimeout, maxBytes, Optional.of(root), allowedHosts, allowPrivateNetworks, maxRedirects);
    }

    public SourceSettings withPrivateNetworks() {
        return new SourceSettings(timeout, connectTimeout, maxBytes, fileRoot, allowedHosts, true, maxRedirects);
    }

    public SourceSettings withAllowedHosts(List<String> hosts) {
        return new SourceSettings(timeout, connectTimeout, maxBytes, fileRoot, hosts, allowPrivateNetworks, maxRedirects);
    }
}
