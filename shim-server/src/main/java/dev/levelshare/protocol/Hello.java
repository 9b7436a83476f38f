package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The handshake: the client names the DB it wants (canonical path) and itself; the server answers with who it is and
 * the limits it enforces. A socket serving another DB refuses the client, so a stale or reused socket never mixes data.
 */
public final class Hello {
    private Hello() {}

    /**
     * The DB path a client sends when it does not know it (a TCP client given only an address): it accepts whichever DB
     * the server serves and learns its path from the answer.
     */
    public static final String ANY_DB = "";

    /**
     * What the client sends in {@link Opcode#HELLO}: the DB, its pid and name, and the writer whose writes carry
     * {@link WriteId}s on this connection (0: none) with how long after losing its leader it may still send one again.
     */
    public static final class ClientHello {
        public final String dbPath;
        public final long pid;
        public final String name;
        public final long writer;
        public final long resendWindowMillis;

        public ClientHello(String dbPath, long pid, String name) {
            this(dbPath, pid, name, 0, 0);
        }

        public ClientHello(String dbPath, long pid, String name, long writer, long resendWindowMillis) {
            this.dbPath = dbPath;
            this.pid = pid;
            this.name = name;
            this.writer = writer;
            this.resendWindowMillis = resendWindowMillis;
        }

        public void writeTo(ByteBuf buf) {
            Wire.writeString(buf, dbPath);
            buf.writeLong(pid);
            Wire.writeString(buf, name);
            buf.writeLong(writer);
            buf.writeLong(resendWindowMillis);
        }

        public static ClientHello readFrom(ByteBuf buf) {
            ClientHello hello = new ClientHello(Wire.readString(buf), Wire.readLong(buf), Wire.readString(buf),
                    Wire.readLong(buf), Wire.readLong(buf));
            Wire.requireFullyRead(buf);
            if (hello.resendWindowMillis < 0) {
                throw new MalformedPayloadException("negative resend window " + hello.resendWindowMillis);
            }
            return hello;
        }
    }

    /** What the server answers with {@link Opcode#OK}. */
    public static final class ServerHello {
        public final String dbPath;
        public final long pid;
        public final String engine;
        public final int maxFrameBytes;
        public final int maxIterators;
        public final int maxSnapshots;
        public final boolean readOnly;
        /** The name of the comparator the DB is ordered by, as LevelDB keeps it; "" if the server does not know it. */
        public final String comparator;

        public ServerHello(String dbPath, long pid, String engine, int maxFrameBytes, int maxIterators,
                           int maxSnapshots, boolean readOnly, String comparator) {
            this.dbPath = dbPath;
            this.pid = pid;
            this.engine = engine;
            this.maxFrameBytes = maxFrameBytes;
            this.maxIterators = maxIterators;
            this.maxSnapshots = maxSnapshots;
            this.readOnly = readOnly;
            this.comparator = comparator;
        }

        public void writeTo(ByteBuf buf) {
            Wire.writeString(buf, dbPath);
            buf.writeLong(pid);
            Wire.writeString(buf, engine);
            buf.writeInt(maxFrameBytes);
            buf.writeInt(maxIterators);
            buf.writeInt(maxSnapshots);
            buf.writeBoolean(readOnly);
            Wire.writeString(buf, comparator);
        }

        public static ServerHello readFrom(ByteBuf buf) {
            return new ServerHello(Wire.readString(buf), Wire.readLong(buf), Wire.readString(buf), Wire.readInt(buf),
                    Wire.readInt(buf), Wire.readInt(buf), Wire.readBoolean(buf), Wire.readString(buf));
        }
    }
}
