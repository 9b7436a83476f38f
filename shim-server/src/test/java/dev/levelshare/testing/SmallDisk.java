package dev.levelshare.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small real file system for full-disk tests: a size-limited tmpfs, or an ext4 image mounted through a loop device.
 * Mounting needs root (or the right capabilities); where it is not allowed the test is skipped, saying why.
 */
public final class SmallDisk implements AutoCloseable {
    public enum Kind { TMPFS, EXT4 }

    private static final long MB = 1024 * 1024;
    private final Path root;
    private final Path image;

    private SmallDisk(Path root, Path image) {
        this.root = root;
        this.image = image;
    }

    /** Mounts a file system of {@code megabytes} at {@code mountPoint} (created), or skips the test. */
    public static SmallDisk mount(Kind kind, Path mountPoint, long megabytes) throws IOException {
        Files.createDirectories(mountPoint);
        if (kind == Kind.TMPFS) {
            String why = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0755", "tmpfs",
                    mountPoint.toString());
            Assumptions.assumeTrue(why == null, "cannot mount a tmpfs here (needs root): " + why);
            return new SmallDisk(mountPoint, null);
        }
        Path image = mountPoint.resolveSibling(mountPoint.getFileName() + ".img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(megabytes * MB);
        }
        String why = run("mkfs.ext4", "-q", "-F", "-m", "0", image.toString());
        if (why == null) {
            why = run("mount", "-o", "loop", image.toString(), mountPoint.toString());
        }
        if (why != null) {
            Files.deleteIfExists(image);
        }
        Assumptions.assumeTrue(why == null, "cannot mount an ext4 image here (needs root, mkfs.ext4, loop devices): "
                + why);
        return new SmallDisk(mountPoint, image);
    }

    public Path root() {
        return root;
    }

    public long freeBytes() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    /** Writes a file of {@code megabytes}, taking that much space (as another program's data would). */
    public Path fill(String name, long megabytes) throws IOException {
        Path file = root.resolve(name);
        byte[] chunk = new byte[(int) MB];
        java.util.Arrays.fill(chunk, (byte) 'x');
        try (var out = Files.newOutputStream(file)) {
            for (long i = 0; i < megabytes; i++) {
                out.write(chunk);
            }
        }
        return file;
    }

    /** Grows {@code name} until the disk has at most {@code leaveBytes} free. */
    public Path fillUntilFree(String name, long leaveBytes) throws IOException {
        Path file = root.resolve(name);
        byte[] chunk = new byte[(int) MB];
        try (var out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (freeBytes() > leaveBytes + MB) {
                out.write(chunk);
                out.flush();
            }
        }
        return file;
    }

    @Override
    public void close() throws IOException {
        String why = run("umount", root.toString());
        if (why != null) {
            run("umount", "-l", root.toString()); // a process of the test still has a file open there
        }
        if (image != null) {
            Files.deleteIfExists(image);
        }
    }

    /** Null if the command succeeded, else what it printed. */
    private static String run(String... command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return "interrupted";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output;
    }
}
