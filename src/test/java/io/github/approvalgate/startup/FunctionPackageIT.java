package io.github.approvalgate.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code target/function.zip} after the build's StoreLibraryJars step: each {@code lib/*.jar} holds
 * exactly what Quarkus put in {@code target/lib} (same entries, order and content), stored uncompressed, with its file
 * permissions; the package itself is compressed. The other integration tests run this same package through Lambda's
 * runtime interface client.
 */
class FunctionPackageIT {

    private static final Path FUNCTION_ZIP = Path.of("target", "function.zip");
    private static final Path QUARKUS_LIB = Path.of("target", "lib");

    private static FileSystem function;

    @BeforeAll
    static void open() throws IOException {
        assertTrue(Files.isRegularFile(FUNCTION_ZIP), FUNCTION_ZIP.toAbsolutePath()
                + " is missing: run ./mvnw package (or ./mvnw verify) before this integration test");
        function = FileSystems.newFileSystem(FUNCTION_ZIP, Map.of("enablePosixFileAttributes", true));
    }

    @Test
    void everyLibraryJarIsQuarkusCopyStoredUncompressed() throws IOException {
        List<String> quarkusJars = fileNames(QUARKUS_LIB);
        assertEquals(quarkusJars, fileNames(function.getPath("/lib")), "lib/ of function.zip against target/lib");
        assertFalse(quarkusJars.isEmpty());
        for (String jar : quarkusJars) {
            Map<String, Entry> packaged = entries(Files.readAllBytes(function.getPath("/lib", jar)));
            Map<String, Entry> original = entries(Files.readAllBytes(QUARKUS_LIB.resolve(jar)));
            assertEquals(original.keySet().stream().toList(), packaged.keySet().stream().toList(),
                    jar + ": entry names and order");
            for (var packagedEntry : packaged.entrySet()) {
                Entry from = original.get(packagedEntry.getKey());
                Entry to = packagedEntry.getValue();
                assertEquals(ZipEntry.STORED, to.method(), jar + "!" + packagedEntry.getKey() + " is not stored");
                assertEquals(from.crc(), to.crc(), jar + "!" + packagedEntry.getKey() + ": content");
                assertEquals(from.size(), to.size(), jar + "!" + packagedEntry.getKey() + ": size");
            }
        }
    }

    @Test
    void libraryJarsKeepTheirPermissionsAndThePackageStaysCompressed() throws IOException {
        for (String jar : fileNames(function.getPath("/lib"))) {
            Path packaged = function.getPath("/lib", jar);
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(packaged)), jar);
        }
        long unpacked;
        try (Stream<Path> files = Files.walk(function.getPath("/"))) {
            unpacked = files.filter(Files::isRegularFile).mapToLong(FunctionPackageIT::size).sum();
        }
        assertTrue(Files.size(FUNCTION_ZIP) * 2 < unpacked,
                "function.zip (" + Files.size(FUNCTION_ZIP) + " bytes) should compress its " + unpacked + " bytes");
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".jar")).sorted()
                    .toList();
        }
    }

    private record Entry(int method, long crc, long size) {
    }

    /** Entries in file order, from the local headers: each one's compression method, CRC and content size. */
    private static Map<String, Entry> entries(byte[] jar) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                long size = in.transferTo(OutputStream.nullOutputStream());
                entries.put(entry.getName(), new Entry(entry.getMethod(), entry.getCrc(), size));
            }
        }
        return entries;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
