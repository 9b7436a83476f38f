/**
 * The election and the handle the app holds: open a directory for real and lead (serve it), or meet another process's
 * lock and follow (talk to the leader). The agent hands every intercepted {@code DBFactory.open} to {@link
 * dev.levelshare.party.AgentEntry}; everything here also works without the agent through {@link
 * dev.levelshare.party.Party}.
 */
package dev.levelshare.party;
