package io.cvdflow.connector.binance.record;

import org.apache.flink.annotation.Internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.GZIPOutputStream;

/**
 * Writes received frames as {@code <receive time, epoch ns> <frame>} lines into gzip files that roll every UTC
 * hour. A file is written under a {@code .part} name and renamed to its final {@code <prefix>-<yyyyMMdd-HH>.gz}
 * only once complete, so a reader never sees a partly written recording (the replay source skips {@code .part}).
 */
@Internal
public final class HourlyGzipFrameWriter implements AutoCloseable {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMdd-HH").withZone(ZoneOffset.UTC);
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    private final Path directory;
    private final String prefix;
    private long currentHour = Long.MIN_VALUE;
    private Path partFile;
    private Path finalFile;
    private OutputStream out;
    private long frames;

    public HourlyGzipFrameWriter(Path directory, String prefix) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.prefix = prefix;
    }

    public void write(long receivedAtNanos, CharSequence frame) throws IOException {
        long hour = Math.floorDiv(receivedAtNanos, HOUR_NANOS);
        if (hour != currentHour) {
            finishFile();
            open(hour);
        }
        out.write(Long.toString(receivedAtNanos).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        frames++;
    }

    /** Frames written since this writer opened. */
    public long frames() {
        return frames;
    }

    private void open(long hour) throws IOException {
        currentHour = hour;
        String name = prefix + "-" + HOUR.format(Instant.ofEpochSecond(hour * 3600)) + ".gz";
        finalFile = uniqueName(directory.resolve(name));
        partFile = finalFile.resolveSibling(finalFile.getFileName() + ".part");
        out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(partFile), 1 << 16), 1 << 16);
    }

    /** A restarted recorder must not overwrite the same hour's earlier file. */
    private static Path uniqueName(Path wanted) {
        Path candidate = wanted;
        String name = wanted.getFileName().toString();
        for (int i = 1; Files.exists(candidate) || Files.exists(candidate.resolveSibling(candidate.getFileName() + ".part")); i++) {
            candidate = wanted.resolveSibling(name.replace(".gz", "." + i + ".gz"));
        }
        return candidate;
    }

    private void finishFile() throws IOException {
        if (out == null) {
            return;
        }
        out.close();
        out = null;
        Files.move(partFile, finalFile, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws IOException {
        finishFile();
    }
}
