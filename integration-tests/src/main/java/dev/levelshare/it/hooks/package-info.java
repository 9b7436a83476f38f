/** A write hook as users write one, packed into a jar by the sidecar's integration test. */
package dev.levelshare.it.hooks;
