/**
 * The election and the handle the app holds: open a directory for real and lead (serve it), or meet another process's
 * lock and follow (talk to the leader). The agent hands every intercepted {@code DBFactory.open} to {@link
 * dev.levelshare.party.AgentEntry}; everything here also works without the agent through {@link
 * dev.levelshare.party.Party}. Uses every package but {@code cli}.
 *
 * <p>Who does what: {@code Party} (opens per class loader) → {@code SharedDb} (one open directory: handles, counts,
 * MBean) → {@code DirectoryRole} (the state machine of its role) → {@code Election} (one join: lead or follow) →
 * {@code LeaderRole} / {@code FollowerRole}; {@code DbHandle} is the app's {@code DB}; {@code PromotionWarmup} prepares
 * for a promotion.
 *
 * <p>Code on a promotion's or a hand-over's path runs while the other followers wait, so it makes its functions
 * (lambdas, method references) ahead of time, when the DB is opened or the role made: the first creation of a lambda
 * links it, which is slow in a young JVM. Comments elsewhere say "made ahead" and point here.
 *
 * <p>Locks of a directory, each with one job, taken in this order only:
 * <ol>
 *   <li>{@code PathLocks} (per path, in a party): one open or last close of a path at a time in this party;</li>
 *   <li>{@code DirectoryRole.transitions} (per open directory): one role change (an election, the close) at a time;
 *       never held while an app's call runs;</li>
 *   <li>{@code DirectoryClaims} (JVM-wide, by path and directory id): which party (class loader) may call the engine's
 *       open, so that no repeat open of a directory this process holds reaches the engine (leveldbjni would drop its
 *       lock);</li>
 *   <li>{@code OpenTicket} (across processes: a POSIX lock on a byte of the socket directory's {@code elections}
 *       file): one levelshare process tries the engine's open at a time, and only its holder binds a socket before it
 *       holds the DB's lock;</li>
 *   <li>LevelDB's {@code LOCK} (across processes, taken by the engine's open): the election itself;</li>
 *   <li>a {@code LeaderRole}'s monitor: its serving, closing, exit flush and the app's compaction suspensions.</li>
 * </ol>
 */
package dev.levelshare.party;
