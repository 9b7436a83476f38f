/**
 * levelshare's public exceptions, all {@link org.iq80.leveldb.DBException}s so code written for a local DB handles
 * them: {@link dev.levelshare.LevelShareException} and the kinds an app may want to tell apart (a lost leader, a full
 * disk, a refused write or access, a replaced directory). Depends on the LevelDB API only.
 */
package dev.levelshare;
