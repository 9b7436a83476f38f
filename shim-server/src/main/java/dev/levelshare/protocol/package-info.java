/**
 * The wire protocol, written once for client and server: the preamble and frames ({@code FrameLayout},
 * {@code FrameHeader}, {@code FrameDecoder}), opcodes, error codes, and one codec per message family. Uses Netty's
 * buffers and the LevelDB API; nothing else of levelshare.
 */
package dev.levelshare.protocol;
