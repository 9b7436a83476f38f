/**
 * Test apps that use levelshare's own classes (a remote client, a probe) or none at all while holding a lock, run as
 * separate JVMs by the integration tests.
 */
package dev.levelshare.it.apps;
