/**
 * The typed bridge between the agent and the sharing core, seen by both class loaders: {@link
 * dev.levelshare.bridge.CoreEntry} (the core's side) and {@link dev.levelshare.bridge.FactoryOpen} (one app's open, the
 * agent's side). {@code java.*} types only; nothing else of levelshare.
 */
package dev.levelshare.bridge;
