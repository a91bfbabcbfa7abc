package io.arbalest.shuffle;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

import java.util.HashMap;
import java.util.Map;

/**
 * One Flight client per executor address, shared by the shuffle readers of a process. Batches
 * arrive in {@code allocator}, which must share its root with the readers' allocators so that
 * the vectors can move to them.
 */
public final class FlightClients implements AutoCloseable {
    private final BufferAllocator allocator;
    private final Map<String, FlightClient> clients = new HashMap<>();

    public FlightClients(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    public synchronized FlightClient client(String host, int port) {
        return clients.computeIfAbsent(host + ":" + port,
                k -> FlightClient.builder(allocator, Location.forGrpcInsecure(host, port)).build());
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(FlightClients::closeQuietly);
        clients.clear();
        allocator.close();
    }

    private static void closeQuietly(FlightClient client) {
        try {
            client.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
            // a client of a dead executor may fail to close
        }
    }
}
