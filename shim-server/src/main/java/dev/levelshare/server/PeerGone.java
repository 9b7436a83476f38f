package dev.levelshare.server;

import java.io.IOException;

/**
 * Tells a peer that went away from a peer that misbehaved. A client that closes with answers still unread makes the
 * kernel reset the connection, and the next read or write here fails with an I/O error ("Connection reset by peer",
 * "Broken pipe"): that is how connections normally end, worth a debug line, not a warning. Protocol violations arrive
 * as decoder exceptions instead and stay warnings.
 */
final class PeerGone {
    private PeerGone() {}

    static boolean is(Throwable cause) {
        return cause instanceof IOException;
    }
}
