package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/deploy.sh against a stand-in {@code aws} command on the PATH that answers the read-only calls the script makes
 * and records every call. The script runs from a copy of infra/ with no target/function.zip, as after a fresh clone.
 */
class DeployScriptTest {

    /** Answers like the AWS CLI with {@code --output text}; STACK_RUNTIME empty means "no such stack". */
    private static final String AWS_STAND_IN = """
            #!/usr/bin/env bash
            printf '%s\\n' "$*" >> "$AWS_CALLS"
            case "$1 $2" in
              "cloudformation describe-stacks")
                if [[ -z "$STACK_RUNTIME" ]]; then
                  echo "An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id $4 does not exist" >&2
                  exit 254
                fi
                if [[ "$*" == *FunctionRuntime* ]]; then echo "$STACK_RUNTIME"; else echo UPDATE_COMPLETE; fi ;;
              "cloudformation list-stack-resources")
                case "$*" in
                  *ApprovalStateMachine*) echo "arn:aws:states:eu-west-1:123456789012:stateMachine:Gate" ;;
                  *AWS::CodePipeline::Pipeline*) printf 'GatePipeline\tGatePipeline-2\n' ;;
                  *ArtifactBucket*) echo "gate-artifacts" ;;
                esac ;;
              "stepfunctions list-executions") printf 'arn:exec:1\\tarn:exec:2\\n' ;;
              "codepipeline list-pipeline-executions") echo "exec-of-$4" ;;
              "s3api head-bucket") ;;
              "s3api list-object-versions") echo 0 ;;
              "cloudformation wait")
                # The first wait fails, as when a version was written after the bucket was emptied.
                waits=$(grep -c "^cloudformation wait" "$AWS_CALLS")
                [[ "$waits" -gt 1 ]] || exit 255 ;;
              "cloudformation delete-stack" | "stepfunctions stop-execution" | "codepipeline stop-pipeline-execution") ;;
              *) echo "unexpected aws call: $*" >&2; exit 2 ;;
            esac
            """;

    @TempDir
    Path dir;

    private Path calls;

    @BeforeEach
    void copyScriptAndStandIn() throws IOException {
        Path infra = Files.createDirectories(dir.resolve("infra"));
        Files.copy(Path.of("infra", "deploy.sh"), infra.resolve("deploy.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(InfraTemplate.LOCATION, infra.resolve("template.yaml"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("aws"), AWS_STAND_IN);
        Files.setPosixFilePermissions(bin.resolve("aws"), PosixFilePermissions.fromString("rwxr-xr-x"));
        calls = dir.resolve("aws-calls.log");
        Files.writeString(calls, "");
    }

    @Test
    void anUpdateWithoutARuntimeFlagKeepsTheStacksRuntime() throws Exception {
        String deploy = deployCommand(run("java21", "--artifact-bucket", "pkg-bucket", "--dry-run"));

        assertTrue(deploy.contains(" FunctionRuntime=java21"), deploy);
    }

    @Test
    void aNewStackGetsTheNativeBuild() throws Exception {
        String deploy = deployCommand(run("", "--artifact-bucket", "pkg-bucket", "--dry-run"));

        assertTrue(deploy.contains(" FunctionRuntime=provided.al2023"), deploy);
    }

    @Test
    void flagsChangeTheRuntime() throws Exception {
        assertTrue(deployCommand(run("java25", "--artifact-bucket", "b", "--dry-run", "--native"))
                .contains(" FunctionRuntime=provided.al2023"));
        assertTrue(deployCommand(run("java21", "--artifact-bucket", "b", "--dry-run", "--jvm"))
                .contains(" FunctionRuntime=java21"));
        assertTrue(deployCommand(run("provided.al2023", "--artifact-bucket", "b", "--dry-run", "--jvm"))
                .contains(" FunctionRuntime=java25"));
        assertTrue(deployCommand(run("java25", "--artifact-bucket", "b", "--dry-run",
                "--parameter", "FunctionRuntime=java21")).contains(" FunctionRuntime=java21"));
    }

    @Test
    void deployPassesThePackagingBucketSoLargeTemplatesDeploy() throws Exception {
        String deploy = deployCommand(run("java25", "--artifact-bucket", "pkg-bucket", "--s3-prefix", "gate",
                "--dry-run"));

        assertTrue(deploy.contains(" --s3-bucket pkg-bucket --s3-prefix gate "), deploy);
    }

    @Test
    void teardownStopsWorkflowsAndAbandonsTheRunsOfEveryPoolPipelineBeforeEmptyingTheBucket() throws Exception {
        List<String> printed = run("java25", "--delete", "--yes", "--dry-run").stdout();

        int stopExecution1 = indexOf(printed, "stepfunctions stop-execution --execution-arn arn:exec:1");
        int stopExecution2 = indexOf(printed, "stepfunctions stop-execution --execution-arn arn:exec:2");
        int abandon1 = indexOf(printed, "codepipeline stop-pipeline-execution --pipeline-name GatePipeline "
                + "--pipeline-execution-id exec-of-GatePipeline --abandon");
        int abandon2 = indexOf(printed, "codepipeline stop-pipeline-execution --pipeline-name GatePipeline-2 "
                + "--pipeline-execution-id exec-of-GatePipeline-2 --abandon");
        int empty = indexOf(printed, "aws s3api delete-objects --bucket gate-artifacts");
        int delete = indexOf(printed, "cloudformation delete-stack --stack-name approval-gate");
        assertTrue(stopExecution1 < abandon1 && stopExecution2 < abandon1 && abandon1 < empty && abandon2 < empty
                && empty < delete, () -> String.join("\n", printed));
    }

    @Test
    void deployAllowsTheTransformThatExpandsThePool() throws Exception {
        String deploy = deployCommand(run("java25", "--artifact-bucket", "b", "--dry-run"));

        assertTrue(deploy.contains(" --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND "), deploy);
    }

    @Test
    void aFailedDeletionEmptiesTheBucketAgainAndRetriesOnce() throws Exception {
        Result result = run("java25", "--delete", "--yes");

        assertEquals(0, result.exitCode(), result::toString);
        List<String> made = Files.readAllLines(calls).stream()
                .filter(call -> call.startsWith("s3api list-object-versions") || call.startsWith("cloudformation delete-stack")
                        || call.startsWith("cloudformation wait"))
                .map(call -> call.substring(0, call.indexOf(' ', call.indexOf(' ') + 1)))
                .toList();
        assertEquals(List.of("s3api list-object-versions", "cloudformation delete-stack", "cloudformation wait",
                "s3api list-object-versions", "cloudformation delete-stack", "cloudformation wait"), made);
    }

    private record Result(int exitCode, List<String> stdout, String stderr) {
    }

    private Result run(String stackRuntime, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", dir.resolve("infra/deploy.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", dir.resolve("bin") + ":" + env.get("PATH"));
        env.put("AWS_CALLS", calls.toString());
        env.put("STACK_RUNTIME", stackRuntime);
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes());
        String stderr = new String(process.getErrorStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "deploy.sh did not finish");
        return new Result(process.exitValue(), stdout.lines().toList(), stderr);
    }

    private static String deployCommand(Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        return result.stdout().stream().filter(line -> line.startsWith("+ aws cloudformation deploy ")).findFirst()
                .orElseThrow(() -> new AssertionError("no deploy command in " + result));
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("'" + fragment + "' not printed:\n" + String.join("\n", lines));
    }
}
