package io.github.approvalgate.testing;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

import io.github.approvalgate.token.TaskTokenStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients for local endpoints: region us-east-1, credentials test/test, url-connection HTTP client. */
public final class LocalAwsClients {

    public static final Region REGION = Region.US_EAST_1;
    public static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
            .create(AwsBasicCredentials.create("test", "test"));

    private LocalAwsClients() {
    }

    public static S3Client s3(URI endpoint) {
        return local(S3Client.builder().forcePathStyle(true), endpoint);
    }

    public static SfnClient sfn(URI endpoint) {
        return local(SfnClient.builder(), endpoint);
    }

    public static EventBridgeClient eventBridge(URI endpoint) {
        return local(EventBridgeClient.builder(), endpoint);
    }

    public static SqsClient sqs(URI endpoint) {
        return local(SqsClient.builder(), endpoint);
    }

    public static SchedulerClient scheduler(URI endpoint) {
        return local(SchedulerClient.builder(), endpoint);
    }

    public static SnsClient sns(URI endpoint) {
        return local(SnsClient.builder(), endpoint);
    }

    public static CodePipelineClient codePipeline(URI endpoint) {
        return local(CodePipelineClient.builder(), endpoint);
    }

    /** A bucket like the pipeline's source bucket: CodePipeline's S3 source and the token lookup need versioning. */
    public static void createVersionedBucket(URI s3Endpoint, String bucket) {
        try (S3Client s3 = s3(s3Endpoint)) {
            s3.createBucket(create -> create.bucket(bucket));
            s3.putBucketVersioning(put -> put.bucket(bucket)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
    }

    /** The {@code approval-gate-decision} tag of one object version, read with S3's own API, if it has one. */
    /**
     * Removes every version of every object under {@code prefix} (not a delete marker: the keys are gone), e.g. the
     * start records a test's requests left, so that the next test's requests with the same token start anew.
     */
    public static void deleteAllVersions(S3Client s3, String bucket, String prefix) {
        s3.listObjectVersionsPaginator(list -> list.bucket(bucket).prefix(prefix)).forEach(page -> {
            page.versions().forEach(version -> s3.deleteObject(delete -> delete.bucket(bucket).key(version.key())
                    .versionId(version.versionId())));
            page.deleteMarkers().forEach(marker -> s3.deleteObject(delete -> delete.bucket(bucket).key(marker.key())
                    .versionId(marker.versionId())));
        });
    }

    /** When a one-time schedule is due: its {@code at(yyyy-mm-ddThh:mm:ss)} expression, in UTC as ours are made. */
    public static Instant dueAt(GetScheduleResponse schedule) {
        String expression = schedule.scheduleExpression();
        return Instant.parse(expression.substring("at(".length(), expression.length() - 1) + "Z");
    }

    public static Optional<String> decisionTag(S3Client s3, String bucket, String key, String versionId) {
        return s3.getObjectTagging(get -> get.bucket(bucket).key(key).versionId(versionId)).tagSet().stream()
                .filter(tag -> tag.key().equals(TaskTokenStore.DECISION_TAG))
                .map(tag -> tag.value()).findFirst();
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C local(B builder,
            URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
