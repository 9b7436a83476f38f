/**
 * The {@code -javaagent}: Byte Buddy wiring only. {@link dev.levelshare.agent.LevelShareAgent} installs {@link
 * dev.levelshare.agent.OpenAdvice} on every {@code DBFactory.open(File, Options)}; the advice hands the call to {@link
 * dev.levelshare.agent.OpenDispatcher}, which runs the sharing core ({@code dev.levelshare.party}) in an isolated class
 * loader linked against the factory's own {@code org.iq80.leveldb} API.
 */
package dev.levelshare.agent;
