package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The template's SnapStart switch: cfn-lint's E2530 cannot evaluate Region conditions, so .ci/lint-template skips it
 * for the Regions without SnapStart and this test evaluates the condition for exactly those Regions.
 */
class TemplateConditionsTest {

    private static final Path LINT_SCRIPT = Path.of(".ci", "lint-template");
    private static final List<String> FUNCTIONS = List.of("StartApprovalFunction", "ApprovalResultFunction");

    private final JsonNode template = InfraTemplate.load().declared();

    @Test
    void lintedRegionsIncludeOneWithoutSnapStartAChinaAndAGovCloudRegion() throws IOException {
        List<String> regions = lintRegions("regions");

        assertTrue(regions.contains("us-east-1"), regions::toString);
        assertTrue(regions.stream().anyMatch(region -> region.startsWith("cn-")), regions::toString);
        assertTrue(regions.stream().anyMatch(region -> region.startsWith("us-gov-")), regions::toString);
        assertTrue(regions.stream().anyMatch(region -> partition(region).equals("aws") && !useSnapStart(region)),
                () -> "no commercial Region without SnapStart in " + regions);
    }

    @Test
    void snapStartIsOnForTheJvmBuildExactlyInTheRegionsLintedWithE2530() throws IOException {
        List<String> withE2530 = lintRegions("snapstart_regions");

        for (String region : lintRegions("regions")) {
            assertEquals(withE2530.contains(region), useSnapStart(region), region);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "ap-southeast-6", "ap-east-2", "cn-north-1", "cn-northwest-1", "us-gov-west-1",
            "us-gov-east-1" })
    void regionsWithoutSnapStartNeverGetIt(String region) {
        assertFalse(useSnapStart(region));
    }

    @Test
    void snapStartOnlyForAJvmRuntimeAndOnlyWhenAskedFor() {
        assertTrue(useSnapStart("eu-west-1"));
        assertFalse(conditions("eu-west-1", "provided.al2023", "true").isTrue("UseSnapStart"));
        assertFalse(conditions("eu-west-1", "java21", "false").isTrue("UseSnapStart"));
        assertTrue(conditions("eu-west-1", "java21", "true").isTrue("UseSnapStart"));
    }

    @Test
    void bothFunctionsTakeSnapStartFromTheCondition() {
        for (String function : FUNCTIONS) {
            JsonNode snapStart = template.path("Resources").path(function).path("Properties").path("SnapStart");
            assertEquals("UseSnapStart", snapStart.path("Fn::If").path(0).asText(), function);
            assertEquals("PublishedVersions", snapStart.path("Fn::If").path(1).path("ApplyOn").asText(), function);
            assertEquals("AWS::NoValue", snapStart.path("Fn::If").path(2).path("Ref").asText(), function);
        }
    }

    @Test
    void aSnapStartChangePublishesNewVersions() {
        for (String version : List.of("StartApprovalVersion", "ApprovalResultVersion")) {
            String description = template.path("Resources").path(version).path("Properties").path("Description")
                    .path("Fn::Sub").get(0).asText();
            assertTrue(description.contains("${FunctionSnapStart}"), version + ": " + description);
        }
    }

    private boolean useSnapStart(String region) {
        return conditions(region, "java25", "true").isTrue("UseSnapStart");
    }

    private TemplateConditions conditions(String region, String runtime, String snapStart) {
        Map<String, String> refs = new HashMap<>();
        refs.put("AWS::Region", region);
        refs.put("AWS::Partition", partition(region));
        refs.put("FunctionRuntime", runtime);
        refs.put("FunctionSnapStart", snapStart);
        refs.put("CodePipelineS3bucketName", "");
        refs.put("FunctionCodeSha256", "");
        refs.put("StateMachineTracing", "false");
        return new TemplateConditions(template, refs);
    }

    private static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** A bash array assignment {@code name=(a b c)} in the lint script. */
    private static List<String> lintRegions(String variable) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^" + variable + "=\\(([^)]*)\\)").matcher(Files.readString(LINT_SCRIPT));
        assertTrue(matcher.find(), () -> LINT_SCRIPT + " has no " + variable + "=(...)");
        return List.of(matcher.group(1).trim().split("\\s+"));
    }
}
