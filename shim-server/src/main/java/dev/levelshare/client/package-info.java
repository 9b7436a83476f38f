/**
 * A remote {@link org.iq80.leveldb.DB}: {@link dev.levelshare.client.RemoteDb} and its iterators, snapshots and
 * batches, over connections where the calling threads do their own I/O (Java 16+) or over a client event loop. Uses
 * {@code protocol} (one codec with the server), {@code transport} (how a thread waits) and {@code os}; knows nothing of
 * the election or the server.
 */
package dev.levelshare.client;
