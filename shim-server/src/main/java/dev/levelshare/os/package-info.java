/**
 * What the operating system offers and levelshare needs: where sockets live and their names, a directory's identity,
 * who holds a LevelDB lock, what a lock conflict looks like, this process's pid and uid, groups, private copies of
 * native libraries, token files. JDK classes only (the agent's bootstrap part carries it).
 */
package dev.levelshare.os;
