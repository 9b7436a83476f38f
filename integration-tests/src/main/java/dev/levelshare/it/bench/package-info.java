/**
 * The benchmark ({@code bench/run.sh}): direct LevelDB, a follower app and the raw socket floor side by side in one
 * run, with CPU per operation; the agent's cost; failover timing. Results and method: BENCHMARKS.md.
 */
package dev.levelshare.it.bench;
