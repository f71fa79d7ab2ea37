package io.github.approvalgate.testing.quarkus;

import java.util.HashMap;
import java.util.Map;

import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.moto.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Gives a {@code @QuarkusTest} real local services over HTTP: moto for S3 and Step Functions, the CodePipeline
 * stand-in for the pipeline, with one versioned source bucket and one approval pipeline reading from it.
 */
public class LocalAwsTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String PIPELINE = "approval-pipeline";
    public static final String BUCKET = "approval-gate-test";
    public static final String KEY = "requests/index.html";

    /** Neither moto nor the stand-in checks credentials; the SDK's default chains read these. */
    private static final Map<String, String> SDK_PROPERTIES = Map.of("aws.region", LocalAwsClients.REGION.id(),
            "aws.accessKeyId", "test", "aws.secretAccessKey", "test");

    private static MotoServer moto;
    private static CodePipelineStandIn codePipeline;
    private static S3Client s3;
    private final Map<String, String> propertiesBefore = new HashMap<>();

    @Override
    public Map<String, String> start() {
        SDK_PROPERTIES.forEach((name, value) -> {
            propertiesBefore.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });

        moto = MotoServer.startWithoutLambda();
        moto.configure("{\"lambda\": {\"use_docker\": false}}");
        codePipeline = new CodePipelineStandIn();
        codePipeline.definePipeline(TemplatePipeline.definition(PIPELINE, BUCKET, KEY));
        LocalAwsClients.createVersionedBucket(moto.endpoint(), BUCKET);
        s3 = LocalAwsClients.s3(moto.endpoint());
        return Map.of(
                "quarkus.s3.endpoint-override", moto.endpoint().toString(),
                "approval-gate.sfn.endpoint-override", moto.endpoint().toString(),
                "approval-gate.codepipeline.endpoint-override", codePipeline.endpoint().toString(),
                "approval-gate.scheduler.endpoint-override", moto.endpoint().toString(),
                "approval-gate.pipeline.names", PIPELINE);
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (codePipeline != null) {
            codePipeline.close();
        }
        if (moto != null) {
            moto.close();
        }
        propertiesBefore.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        propertiesBefore.clear();
    }

    public static MotoServer moto() {
        return moto;
    }

    public static CodePipelineStandIn codePipeline() {
        return codePipeline;
    }

    /** An S3 client of this resource's moto, for a test to read what the functions wrote; closed with it. */
    public static S3Client s3() {
        return s3;
    }
}
