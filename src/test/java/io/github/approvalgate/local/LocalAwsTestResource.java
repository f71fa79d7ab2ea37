package io.github.approvalgate.local;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} real local services over HTTP: moto for S3 and Step Functions, the CodePipeline
 * stand-in for the pipeline, with one versioned source bucket and one approval pipeline reading from it.
 */
public class LocalAwsTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String PIPELINE = "approval-pipeline";
    public static final String BUCKET = "approval-gate-test";
    public static final String KEY = "requests/index.html";

    private static MotoServer moto;
    private static CodePipelineStandIn codePipeline;

    @Override
    public Map<String, String> start() {
        // Neither moto nor the stand-in checks credentials; the SDK's default chains read these.
        System.setProperty("aws.region", LocalAwsClients.REGION.id());
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");

        moto = MotoServer.startWithoutLambda();
        moto.configure("{\"lambda\": {\"use_docker\": false}}");
        codePipeline = new CodePipelineStandIn();
        codePipeline.definePipeline(PIPELINE, BUCKET, KEY);
        LocalAwsClients.createVersionedBucket(moto.endpoint(), BUCKET);
        return Map.of(
                "quarkus.s3.endpoint-override", moto.endpoint().toString(),
                "approval-gate.sfn.endpoint-override", moto.endpoint().toString(),
                "approval-gate.codepipeline.endpoint-override", codePipeline.endpoint().toString(),
                "approval-gate.pipeline.name", PIPELINE);
    }

    @Override
    public void stop() {
        if (codePipeline != null) {
            codePipeline.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    public static MotoServer moto() {
        return moto;
    }

    public static CodePipelineStandIn codePipeline() {
        return codePipeline;
    }
}
