package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a server reports about itself ({@link Opcode#STATUS}): the body of {@code status <dir>}. */
public final class ServerStatus {
    public final String dbPath;
    public final long pid;
    public final String engine;
    public final boolean readOnly;
    public final long uptimeMillis;
    public final long opsServed;
    public final long errors;
    /** Peers turned away since the server started (wrong uid, wrong token). */
    public final long refusedPeers;
    /** Failovers the serving process has been through (it may have been promoted in the last one). */
    public final long failoversSeen;
    public final List<Client> clients;
    /**
     * Writers whose proofs of applied writes the server keeps (exactly-once), connected or within their resend window;
     * -1 if it keeps none (a custom comparator, or a server that does not say).
     */
    public final int writersRemembered;
    /** Writes sent again (after a failover) that the server answered without applying them a second time. */
    public final long duplicatesAnswered;

    /** One connected client, as the server sees it (pid and uid from the socket's peer credentials). */
    public static final class Client {
        public final long pid;
        public final int uid;
        public final String name;
        /** How the server knows the peer: "peer pid 12 uid 1000", or "tcp peer /127.0.0.1:5123". */
        public final String peer;
        public final long ops;

        public Client(long pid, int uid, String name, String peer, long ops) {
            this.pid = pid;
            this.uid = uid;
            this.name = name;
            this.peer = peer;
            this.ops = ops;
        }
    }

    public ServerStatus(String dbPath, long pid, String engine, boolean readOnly, long uptimeMillis, long opsServed,
                        long errors, long refusedPeers, long failoversSeen, List<Client> clients,
                        int writersRemembered, long duplicatesAnswered) {
        this.dbPath = dbPath;
        this.pid = pid;
        this.engine = engine;
        this.readOnly = readOnly;
        this.uptimeMillis = uptimeMillis;
        this.opsServed = opsServed;
        this.errors = errors;
        this.refusedPeers = refusedPeers;
        this.failoversSeen = failoversSeen;
        this.clients = Collections.unmodifiableList(clients);
        this.writersRemembered = writersRemembered;
        this.duplicatesAnswered = duplicatesAnswered;
    }

    public void writeTo(ByteBuf buf) {
        Wire.writeString(buf, dbPath);
        buf.writeLong(pid);
        Wire.writeString(buf, engine);
        buf.writeBoolean(readOnly);
        buf.writeLong(uptimeMillis);
        buf.writeLong(opsServed);
        buf.writeLong(errors);
        buf.writeLong(refusedPeers);
        buf.writeLong(failoversSeen);
        buf.writeInt(clients.size());
        for (Client c : clients) {
            buf.writeLong(c.pid);
            buf.writeInt(c.uid);
            Wire.writeString(buf, c.name);
            Wire.writeString(buf, c.peer);
            buf.writeLong(c.ops);
        }
        buf.writeInt(writersRemembered);
        buf.writeLong(duplicatesAnswered);
    }

    public static ServerStatus readFrom(ByteBuf buf) {
        String path = Wire.readString(buf);
        long pid = Wire.readLong(buf);
        String engine = Wire.readString(buf);
        boolean readOnly = Wire.readBoolean(buf);
        long uptime = Wire.readLong(buf);
        long ops = Wire.readLong(buf);
        long errors = Wire.readLong(buf);
        long refused = Wire.readLong(buf);
        long failovers = Wire.readLong(buf);
        int n = Wire.readCount(buf, 16);
        List<Client> clients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            clients.add(new Client(Wire.readLong(buf), Wire.readInt(buf), Wire.readString(buf), Wire.readString(buf),
                    Wire.readLong(buf)));
        }
        // The exactly-once figures came last, later than the rest: a server that does not send them keeps no proofs.
        boolean exactlyOnce = buf.readableBytes() >= 12;
        int writers = exactlyOnce ? buf.readInt() : -1;
        long duplicates = exactlyOnce ? buf.readLong() : 0;
        return new ServerStatus(path, pid, engine, readOnly, uptime, ops, errors, refused, failovers, clients, writers,
                duplicates);
    }
}
