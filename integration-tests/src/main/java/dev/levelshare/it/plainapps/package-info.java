/**
 * Test apps that know nothing of levelshare: plain LevelDB code (leveldbjni or iq80), launched as separate JVMs with
 * only their own dependencies on the class path, with or without the agent. They print what they did, one line per
 * step, and take their next step from stdin, so tests can drive several of them in any order.
 */
package dev.levelshare.it.plainapps;
