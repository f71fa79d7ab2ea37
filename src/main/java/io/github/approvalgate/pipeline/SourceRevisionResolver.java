package io.github.approvalgate.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.approvalgate.token.SourceObject;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ArtifactRevision;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecution;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineVersionNotFoundException;

/**
 * Maps a pipeline execution back to the S3 object version it ran on: the execution gives the artifact revision, the
 * pipeline definition at that version gives the bucket and key of its S3 source action.
 */
@ApplicationScoped
public class SourceRevisionResolver {

    private static final String S3_PROVIDER = "S3";

    private final CodePipelineClient codePipeline;
    private final PipelineConfig config;
    /** A pipeline version never changes, so its source location is read once per warm function. */
    private final Map<PipelineVersion, S3Source> sources = new ConcurrentHashMap<>();

    SourceRevisionResolver(CodePipelineClient codePipeline, PipelineConfig config) {
        this.codePipeline = codePipeline;
        this.config = config;
    }

    public SourceRevision resolve(String pipeline, String executionId) {
        PipelineExecution execution = execution(pipeline, executionId);
        S3Source source = sources.computeIfAbsent(
                new PipelineVersion(execution.pipelineName(), execution.pipelineVersion()),
                version -> s3SourceOf(version, executionId));
        String versionId = revisionOf(execution, source.artifactName());
        return new SourceRevision(source.object(), versionId);
    }

    private PipelineExecution execution(String pipeline, String executionId) {
        try {
            return codePipeline.getPipelineExecution(get -> get.pipelineName(pipeline).pipelineExecutionId(executionId))
                    .pipelineExecution();
        } catch (PipelineExecutionNotFoundException e) {
            throw new PipelineExecutionMissingException(pipeline, executionId, "CodePipeline has no such execution");
        } catch (PipelineNotFoundException e) {
            throw new PipelineExecutionMissingException(pipeline, executionId, "CodePipeline has no such pipeline");
        }
    }

    private S3Source s3SourceOf(PipelineVersion version, String executionId) {
        List<ActionDeclaration> s3Sources;
        try {
            s3Sources = codePipeline.getPipeline(get -> get.name(version.name()).version(version.number()))
                    .pipeline().stages().stream()
                    .flatMap(stage -> stage.actions().stream())
                    .filter(action -> action.actionTypeId().category() == ActionCategory.SOURCE
                            && S3_PROVIDER.equals(action.actionTypeId().provider()))
                    .toList();
        } catch (PipelineNotFoundException | PipelineVersionNotFoundException e) {
            throw new SourceRevisionMissingException(version.name(), executionId,
                    "pipeline version " + version.number() + " cannot be read");
        }
        ActionDeclaration action = s3Sources.size() == 1 ? s3Sources.getFirst()
                : s3Sources.stream()
                        .filter(candidate -> candidate.name().equals(config.sourceActionName()))
                        .findFirst()
                        .orElseThrow(() -> new SourceRevisionMissingException(version.name(), executionId,
                                "pipeline version " + version.number() + " has " + s3Sources.size()
                                        + " S3 source actions and none named '" + config.sourceActionName() + "'"));
        Map<String, String> configuration = action.configuration();
        String artifact = action.outputArtifacts().isEmpty() ? null : action.outputArtifacts().getFirst().name();
        return new S3Source(new SourceObject(configuration.get("S3Bucket"), configuration.get("S3ObjectKey")), artifact);
    }

    private static String revisionOf(PipelineExecution execution, String artifactName) {
        List<ArtifactRevision> revisions = execution.artifactRevisions();
        return revisions.stream()
                .filter(revision -> revisions.size() == 1 || revision.name().equals(artifactName))
                .map(ArtifactRevision::revisionId)
                .filter(id -> id != null && !id.isBlank())
                .findFirst()
                .orElseThrow(() -> new SourceRevisionMissingException(execution.pipelineName(),
                        execution.pipelineExecutionId(),
                        "no revision for artifact '" + artifactName + "' among " + revisions.size()));
    }

    private record PipelineVersion(String name, int number) {
    }

    private record S3Source(SourceObject object, String artifactName) {
    }
}
