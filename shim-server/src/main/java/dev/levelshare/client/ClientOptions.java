package dev.levelshare.client;

import dev.levelshare.config.Settings;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.transport.Polling;

/** How a {@link RemoteDb} connects and how long it waits. Immutable; each {@code with...} returns a copy. */
public final class ClientOptions {
    /** Which transport a connection uses; {@link #AUTO} unless a test or a diagnosis says otherwise. */
    public enum Transport {
        /** The calling threads do the I/O on a JDK socket channel (TCP always; Unix sockets on Java 16+), else Netty. */
        AUTO,
        /** The process's client event loop does the I/O (what Java 11 to 15 use for Unix sockets). */
        NETTY
    }

    private long connectTimeoutMillis = 5_000;
    private long requestTimeoutMillis = 30_000;
    private String clientName = CurrentProcess.name();
    private Polling polling;
    private Transport transport;
    private int connections = Integer.MAX_VALUE;
    private long writer;
    private long resendWindowMillis;

    /** Defaults, with polling and transport from the {@code pollMicros} and {@code clientTransport} settings. */
    public static ClientOptions defaults() {
        Settings settings = Settings.fromSystem();
        ClientOptions o = new ClientOptions();
        o.polling = Polling.ofMicros(settings.pollMicros());
        o.transport = transportOf(settings);
        return o;
    }

    /** The {@code clientTransport} setting: {@code auto} (default) or {@code netty}. */
    public static Transport transportOf(Settings settings) {
        String value = settings.clientTransport();
        switch (value) {
            case "auto": return Transport.AUTO;
            case "netty": return Transport.NETTY;
            default: throw new IllegalArgumentException("levelshare setting clientTransport=" + value
                    + " is not auto or netty");
        }
    }

    private ClientOptions copy() {
        ClientOptions o = new ClientOptions();
        o.connectTimeoutMillis = connectTimeoutMillis;
        o.requestTimeoutMillis = requestTimeoutMillis;
        o.clientName = clientName;
        o.polling = polling;
        o.transport = transport;
        o.connections = connections;
        o.writer = writer;
        o.resendWindowMillis = resendWindowMillis;
        return o;
    }

    /** Set through {@link RemoteDbInternals#forWriter}: not API. */
    ClientOptions withWriter(long writer, long resendWindowMillis) {
        ClientOptions o = copy();
        o.writer = writer;
        o.resendWindowMillis = resendWindowMillis;
        return o;
    }

    long writer() {
        return writer;
    }

    long resendWindowMillis() {
        return resendWindowMillis;
    }

    public ClientOptions withConnectTimeoutMillis(long millis) {
        ClientOptions o = copy();
        o.connectTimeoutMillis = millis;
        return o;
    }

    /** How long a request waits for its response before failing with a {@code LevelShareException}. */
    public ClientOptions withRequestTimeoutMillis(long millis) {
        ClientOptions o = copy();
        o.requestTimeoutMillis = millis;
        return o;
    }

    /** The name the server shows for this client in {@code status}. */
    public ClientOptions withClientName(String name) {
        ClientOptions o = copy();
        o.clientName = name;
        return o;
    }

    /** How long a caller polls for its answer before it sleeps (see {@link Polling}). */
    public ClientOptions withPolling(Polling polling) {
        ClientOptions o = copy();
        o.polling = polling;
        return o;
    }

    public ClientOptions withTransport(Transport transport) {
        ClientOptions o = copy();
        o.transport = transport;
        return o;
    }

    /**
     * At most this many connections per {@link RemoteDb}, each thread keeping to one (default: one per core, at most
     * four; opened as threads need them). Snapshots and iterators stay on the connection that made them.
     */
    public ClientOptions withConnections(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
        ClientOptions o = copy();
        o.connections = connections;
        return o;
    }

    public int connections() {
        return connections;
    }

    public long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public long requestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    public String clientName() {
        return clientName;
    }

    public Polling polling() {
        return polling;
    }

    public Transport transport() {
        return transport;
    }
}
