/**
 * Settings: agent arguments over system properties {@code levelshare.*} over environment variables
 * {@code LEVELSHARE_*}, each documented setting read by its own method of {@link dev.levelshare.config.Settings}. Uses
 * nothing of levelshare: the agent's bootstrap part carries it.
 */
package dev.levelshare.config;
