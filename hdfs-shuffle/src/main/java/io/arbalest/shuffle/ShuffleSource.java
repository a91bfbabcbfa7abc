package io.arbalest.shuffle;

import io.arbalest.proto.scheduler.ShuffleTicket;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One map task's piece of an output partition: fetched over Flight from {@code host:port}, or
 * read straight from {@code localFile} when that file is on this machine.
 */
public record ShuffleSource(String host, int port, Optional<Path> localFile, ShuffleTicket ticket) {
    public ShuffleSource {
        requireNonNull(host, "host is null");
        requireNonNull(localFile, "localFile is null");
        requireNonNull(ticket, "ticket is null");
    }

    @Override
    public String toString() {
        return "stage " + ticket.getStage() + " map " + ticket.getMapPartition() + " partition "
                + ticket.getOutputPartition() + " at " + host + ":" + port;
    }
}
