/** The agent's own slf4j output: {@code [levelshare]}-prefixed lines on stderr, at the {@code logLevel} setting. */
package dev.levelshare.logging;
