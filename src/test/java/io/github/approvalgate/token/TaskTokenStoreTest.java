package io.github.approvalgate.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.github.approvalgate.source.SourceObject;
import io.github.approvalgate.testing.LocalAwsClients;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How {@link TaskTokenStore#read} reports an object version it cannot read. moto answers every HeadObject it can,
 * so the denial comes from a stand-in that answers as S3 does for HEAD: the status code and no body.
 */
class TaskTokenStoreTest {

    private static final SourceObject OBJECT = new SourceObject("approval-bucket", "index.html");
    private static final String VERSION = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY";

    private final AtomicInteger status = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer s3 = headAnswering(status, requests);
    private final S3Client client = LocalAwsClients.s3(URI.create("http://127.0.0.1:" + s3.getAddress().getPort()));
    private final TaskTokenStore store = new TaskTokenStore(client);

    @AfterEach
    void stop() {
        client.close();
        s3.stop(0);
    }

    @Test
    void aDeniedReadNamesBothAMissingVersionAndAMissingPermission() {
        status.set(403);

        var e = assertThrows(SourceVersionUnreadableException.class, () -> store.read(OBJECT, VERSION));

        assertTrue(e.getMessage().contains("'" + VERSION + "' of s3://approval-bucket/index.html"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("s3:ListBucket")
                && e.getMessage().contains("s3:GetObjectVersion"), e.getMessage());
        assertEquals(List.of("HEAD /approval-bucket/index.html?versionId=" + VERSION), requests);
    }

    @Test
    void aBare404IsAMissingVersion() {
        status.set(404);

        var e = assertThrows(SourceVersionMissingException.class, () -> store.read(OBJECT, VERSION));

        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    private static HttpServer headAnswering(AtomicInteger status, List<String> requests) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                exchange.getResponseHeaders().add("x-amz-request-id", "0A1B2C3D4E5F6789");
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
