package dev.levelshare.client;

import dev.levelshare.os.CurrentProcess;

/** How a {@link RemoteDb} connects and how long it waits. Immutable; each {@code with...} returns a copy. */
public final class ClientOptions {
    private long connectTimeoutMillis = 5_000;
    private long requestTimeoutMillis = 30_000;
    private String clientName = CurrentProcess.name();

    public static ClientOptions defaults() {
        return new ClientOptions();
    }

    private ClientOptions copy() {
        ClientOptions o = new ClientOptions();
        o.connectTimeoutMillis = connectTimeoutMillis;
        o.requestTimeoutMillis = requestTimeoutMillis;
        o.clientName = clientName;
        return o;
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

    public long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public long requestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    public String clientName() {
        return clientName;
    }
}
