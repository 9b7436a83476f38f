package dev.levelshare.client;

import io.netty.buffer.ByteBuf;

/** Encodes a request's payload, on the calling thread. */
@FunctionalInterface
interface PayloadWriter {
    void write(ByteBuf out);

    PayloadWriter EMPTY = out -> { };
}
