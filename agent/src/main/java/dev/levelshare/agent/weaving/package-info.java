/**
 * The weaver, loaded in its own class loader over the core jar at the first factory class: puts the prologue into a
 * factory's {@code open(File, Options)} with Byte Buddy's ASM. Uses nothing of levelshare; logs nothing itself.
 */
package dev.levelshare.agent.weaving;
