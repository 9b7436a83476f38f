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
    public final List<Client> clients;

    /** One connected client, as the server sees it (pid and uid from the socket's peer credentials). */
    public static final class Client {
        public final long pid;
        public final int uid;
        public final String name;
        public final long ops;

        public Client(long pid, int uid, String name, long ops) {
            this.pid = pid;
            this.uid = uid;
            this.name = name;
            this.ops = ops;
        }
    }

    public ServerStatus(String dbPath, long pid, String engine, boolean readOnly, long uptimeMillis, long opsServed,
                        long errors, List<Client> clients) {
        this.dbPath = dbPath;
        this.pid = pid;
        this.engine = engine;
        this.readOnly = readOnly;
        this.uptimeMillis = uptimeMillis;
        this.opsServed = opsServed;
        this.errors = errors;
        this.clients = Collections.unmodifiableList(clients);
    }

    public void writeTo(ByteBuf buf) {
        Wire.writeString(buf, dbPath);
        buf.writeLong(pid);
        Wire.writeString(buf, engine);
        buf.writeBoolean(readOnly);
        buf.writeLong(uptimeMillis);
        buf.writeLong(opsServed);
        buf.writeLong(errors);
        buf.writeInt(clients.size());
        for (Client c : clients) {
            buf.writeLong(c.pid);
            buf.writeInt(c.uid);
            Wire.writeString(buf, c.name);
            buf.writeLong(c.ops);
        }
    }

    public static ServerStatus readFrom(ByteBuf buf) {
        String path = Wire.readString(buf);
        long pid = Wire.readLong(buf);
        String engine = Wire.readString(buf);
        boolean readOnly = Wire.readBoolean(buf);
        long uptime = Wire.readLong(buf);
        long ops = Wire.readLong(buf);
        long errors = Wire.readLong(buf);
        int n = Wire.readCount(buf, 16);
        List<Client> clients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            clients.add(new Client(Wire.readLong(buf), Wire.readInt(buf), Wire.readString(buf), Wire.readLong(buf)));
        }
        return new ServerStatus(path, pid, engine, readOnly, uptime, ops, errors, clients);
    }
}
