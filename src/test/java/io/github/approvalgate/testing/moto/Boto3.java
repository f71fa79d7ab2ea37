package io.github.approvalgate.testing.moto;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs real boto3 (python3, as the reference article's functions do) to write objects exactly as they write them. */
public final class Boto3 {

    private static final String PUT_LIKE_THE_REFERENCE = """
            import sys, boto3
            endpoint, bucket, key, body, token = sys.argv[1:6]
            s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test")
            # The reference article's call, unchanged: boto3 adds its own x-amz-meta- prefix to this key.
            response = s3.put_object(Body=body, Bucket=bucket, Key=key, ContentType="text/html",
                                     Metadata={"x-amz-meta-sfntoken": token})
            print(response["VersionId"])
            """;

    private Boto3() {
    }

    /** @return the new object version's id */
    public static String putObjectLikeTheReferenceArticle(URI endpoint, String bucket, String key, String body, String token)
            throws IOException, InterruptedException {
        Process python = new ProcessBuilder(MotoServer.python(), "-c", PUT_LIKE_THE_REFERENCE, endpoint.toString(), bucket, key,
                body, token).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!python.waitFor(30, TimeUnit.SECONDS) || python.exitValue() != 0) {
            throw new IllegalStateException("boto3 put_object failed (python3 with boto3 is needed): " + output);
        }
        return output.lines().reduce((first, second) -> second).orElseThrow();
    }
}
