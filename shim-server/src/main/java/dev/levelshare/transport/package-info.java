/**
 * How a thread that expects a message waits for it, on both sides: poll briefly while messages flow, then sleep
 * ({@link dev.levelshare.transport.Polling}), and how levelshare's event loops behave around the JVM's exit.
 */
package dev.levelshare.transport;
