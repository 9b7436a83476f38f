package dev.levelshare.client;

import io.netty.buffer.ByteBuf;

/** Decodes the payload of an OK response, on the thread that waits for it; the buffer is released after it returns. */
@FunctionalInterface
interface ResponseReader<T> {
    T read(ByteBuf payload);

    ResponseReader<Void> NOTHING = payload -> null;
}
