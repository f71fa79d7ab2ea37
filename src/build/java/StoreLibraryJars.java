import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the JVM {@code function.zip} so that each {@code lib/*.jar} in it stores its entries uncompressed.
 *
 * <p>
 * Lambda unzips the package into {@code /var/task}, and the JVM then reads every class it loads out of those jars. Jars
 * from Maven Central are deflated, so a cold start inflates each class again (about 7,000 classes for approval-result);
 * stored entries are read as they are. The package itself stays compressed (and gets smaller: compressing whole jars
 * finds more repetition than compressing each class). docs/performance.md gives the measurement.
 *
 * <p>
 * Every entry keeps its name, order, content, time and extra fields, and each jar keeps its file permissions. A native
 * package has no {@code lib/} and is left as it is. Run by the build ({@code pom.xml}, phase {@code package}) as a
 * single-file program: {@code java src/build/java/StoreLibraryJars.java target/function.zip}.
 */
public final class StoreLibraryJars {

    private StoreLibraryJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java StoreLibraryJars.java <function.zip>");
        }
        Path functionZip = Path.of(args[0]);
        if (!Files.isRegularFile(functionZip)) {
            throw new IllegalArgumentException(functionZip + " does not exist: package the functions first");
        }
        try (FileSystem zip = FileSystems.newFileSystem(functionZip, Map.of("enablePosixFileAttributes", true))) {
            Path lib = zip.getPath("/lib");
            if (!Files.isDirectory(lib)) {
                return;
            }
            List<Path> jars;
            try (Stream<Path> files = Files.list(lib)) {
                jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
            }
            for (Path jar : jars) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(jar);
                Files.write(jar, stored(Files.readAllBytes(jar)));
                Files.setPosixFilePermissions(jar, permissions);
            }
        }
    }

    /** The same jar with every entry STORED: the JDK's zip writer needs each entry's size and CRC up front. */
    static byte[] stored(byte[] jar) throws IOException {
        ByteArrayOutputStream result = new ByteArrayOutputStream(jar.length * 3);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(result)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(content);
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(content.length);
                copy.setCompressedSize(content.length);
                copy.setCrc(crc.getValue());
                if (entry.getExtra() != null) {
                    copy.setExtra(entry.getExtra());
                }
                copy.setTime(entry.getTime());
                copy.setComment(entry.getComment());
                out.putNextEntry(copy);
                out.write(content);
                out.closeEntry();
            }
        }
        return result.toByteArray();
    }
}
