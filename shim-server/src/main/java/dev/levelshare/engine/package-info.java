/**
 * The engine this process opened, as levelshare hands it on: {@link dev.levelshare.engine.LocalEngine} (the disk
 * guard, the one count of compaction suspensions, the ledger of applied writes whose proofs it hides), the iterators
 * apps and servers may see (leveldbjni's defects repaired through the one bridge to its internals,
 * {@code LeveldbjniInternals}), which engine leads ({@link dev.levelshare.engine.LeadingEngine}) and whether a disk has
 * room to open one. Uses {@code protocol} (to fill served chunks) and {@code os}; nothing of the server or the election.
 *
 * <p>Locks in {@link dev.levelshare.engine.AppliedWrites}: its own monitor (deleting a writer's proofs, closing), each
 * writer's monitor (connections, its sweep), each slot's lock (one write with its proof at a time). Taken in that
 * order only: the ledger's monitor before a writer's or a slot's; a writer's and a slot's never together. Sweeps run
 * on one static daemon thread.
 */
package dev.levelshare.engine;
