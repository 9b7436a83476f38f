/**
 * Serves one {@link dev.levelshare.engine.LocalEngine} to other processes: {@link dev.levelshare.server.DbServer} on
 * a Unix socket (and TCP with a token for the sidecar), a pipeline of small handlers (preamble, peer check or token,
 * frames, handshake, requests), the resources each connection holds and their limits. Uses {@code engine},
 * {@code protocol}, {@code transport}, {@code os}; knows nothing of the election.
 */
package dev.levelshare.server;
