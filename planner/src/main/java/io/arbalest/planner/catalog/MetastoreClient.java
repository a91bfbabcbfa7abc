package io.arbalest.planner.catalog;

import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.error.ConfigException;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection to a Hive Metastore's Thrift service, shared by a catalog's callers one call at
 * a time. A call that fails on the connection (the metastore restarted, a network blip) is retried
 * on a new connection, trying each of {@code hive.metastore.uris} in turn, with back-off; the
 * metastore's own answers (no such table, already exists) are not retried. The connection is made
 * in {@link #connect} alone: that is where SASL (Kerberos) would wrap the socket.
 */
final class MetastoreClient implements AutoCloseable {
    /** One call of the Thrift API. */
    interface Call<T> {
        T call(ThriftHiveMetastore.Client client) throws TException;
    }

    private final List<URI> uris;
    private final int attempts;
    private final int timeoutMillis;
    private TTransport transport;
    private ThriftHiveMetastore.Client client;

    MetastoreClient(List<URI> uris, int attempts, int timeoutMillis) {
        this.uris = List.copyOf(uris);
        this.attempts = Math.max(1, attempts);
        this.timeoutMillis = timeoutMillis;
    }

    /** {@code thrift://host:port[,thrift://host:port...]}, as hive.metastore.uris holds them. */
    static List<URI> parseUris(String text, String key) {
        List<URI> uris = new ArrayList<>();
        for (String part : text.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                URI uri = new URI(trimmed);
                if (!"thrift".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                    throw new URISyntaxException(trimmed, "not thrift://host:port");
                }
                uris.add(uri);
            } catch (URISyntaxException e) {
                throw new ConfigException("'" + trimmed + "' in " + key + " is not a metastore URI: write "
                        + "thrift://host:port (several separated by commas).");
            }
        }
        if (uris.isEmpty()) {
            throw new ConfigException(key + " names no metastore: write thrift://host:port.");
        }
        return uris;
    }

    /**
     * Runs a call, reconnecting and retrying when the connection fails. {@code what} says what
     * the call does, for the error a user reads when the metastore cannot be reached.
     */
    synchronized <T> T call(String what, Call<T> call) throws TException {
        TTransportException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                sleep(200L << Math.min(attempt - 1, 5));
            }
            try {
                if (client == null) {
                    connect(uris.get(attempt % uris.size()));
                }
                return call.call(client);
            } catch (TTransportException e) {
                last = e;
                disconnect();
            } catch (TApplicationException e) {
                if (e.getType() == TApplicationException.UNKNOWN_METHOD) {
                    throw e; // the caller falls back to the call an older metastore serves
                }
                disconnect(); // the connection's state is unknown after a protocol error
                throw e;
            }
        }
        throw new CatalogException("Cannot reach the Hive Metastore at " + String.join(", ",
                uris.stream().map(URI::toString).toList()) + " to " + what + " (after " + attempts + " attempts): "
                + describe(last) + ". Check that the metastore runs and that hive.metastore.uris (hive-site.xml on "
                + "HADOOP_CONF_DIR) or arbalest.hive.metastore.uris names it.", last);
    }

    /** {@link #call}, the metastore's own errors (no such object, invalid operation ...) as a CatalogException. */
    <T> T callOrFail(String what, Call<T> call) {
        try {
            return call(what, call);
        } catch (TException e) {
            throw failure(what, e);
        }
    }

    /** What a user reads when the metastore refused {@code what}: its own message. */
    static CatalogException failure(String what, TException e) {
        return new CatalogException("The Hive Metastore could not " + what + ": " + e.getMessage(), e);
    }

    /** The one place a connection is made. */
    private void connect(URI uri) throws TTransportException {
        TSocket socket = new TSocket(uri.getHost(), uri.getPort(), timeoutMillis);
        socket.open();
        transport = socket;
        client = new ThriftHiveMetastore.Client(new TBinaryProtocol(transport));
        try {
            // As Hive's own client does on an unsecured metastore: objects it creates are owned by this user.
            client.set_ugi(System.getProperty("user.name"), List.of());
        } catch (TException e) {
            disconnect();
            throw e instanceof TTransportException t ? t : new TTransportException(e);
        }
    }

    private void disconnect() {
        if (transport != null) {
            transport.close();
        }
        transport = null;
        client = null;
    }

    private String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (cause instanceof java.net.ConnectException || (message != null && message.contains("Connection refused"))) {
            return "connection refused";
        }
        if (cause instanceof java.net.SocketTimeoutException) {
            return "no answer within " + timeoutMillis + " ms";
        }
        if (cause instanceof java.net.UnknownHostException) {
            return "unknown host " + message;
        }
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("Interrupted while waiting to reconnect to the Hive Metastore.", e);
        }
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}
