/**
 * The levelshare {@code -javaagent}: Byte Buddy wiring that hands {@code DBFactory.open} to the sharing core.
 * Built in its own issue; this module is a placeholder in the build until then.
 */
package dev.levelshare.agent;
