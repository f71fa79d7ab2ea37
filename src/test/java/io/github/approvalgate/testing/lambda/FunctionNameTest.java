package io.github.approvalgate.testing.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("harness")
class FunctionNameTest {

    @Test
    void resolvesEveryFormOfFunctionName() {
        assertEquals("start-approval", LocalLambda.functionName("start-approval"));
        assertEquals("start-approval", LocalLambda.functionName("start-approval:$LATEST"));
        assertEquals("start-approval", LocalLambda.functionName("start-approval:live"));
        assertEquals("start-approval", LocalLambda.functionName("123456789012:function:start-approval"));
        assertEquals("start-approval",
                LocalLambda.functionName("arn:aws:lambda:us-east-1:123456789012:function:start-approval"));
        assertEquals("start-approval",
                LocalLambda.functionName("arn:aws:lambda:eu-west-1:123456789012:function:start-approval:7"));
    }
}
