/**
 * The {@code -javaagent}: the weaving only. {@link dev.levelshare.agent.LevelShareAgent} puts a short prologue
 * ({@code dev.levelshare.agent.weaving.OpenPrologue}, written with Byte Buddy's ASM) at the start of every
 * {@code DBFactory.open(File, Options)}; the prologue hands the call to {@link
 * dev.levelshare.agent.OpenDispatcher}, which runs the sharing core ({@code dev.levelshare.party}) in an isolated class
 * loader linked against the factory's own {@code org.iq80.leveldb} API.
 */
package dev.levelshare.agent;
