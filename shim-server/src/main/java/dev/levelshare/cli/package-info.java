/**
 * The runnable sidecar jar's commands: {@code serve} (hold a DB and serve it), {@code status}, and the tools that work
 * on a live DB ({@code get}, {@code put}, {@code scan}, {@code dump}, {@code load}, ...). Uses every other package;
 * nothing uses it. Exit codes: 0 done, 1 the command could not do its job, 2 bad arguments.
 */
package dev.levelshare.cli;
