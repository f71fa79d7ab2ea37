package io.github.approvalgate.testing.moto;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Python or moto, the suite fails and says what to install: never a silent skip. */
@Tag("harness")
class MotoServerPrerequisitesTest {

    @TempDir
    Path dir;

    private String interpreterBefore;

    @BeforeEach
    void rememberInterpreter() {
        interpreterBefore = System.getProperty(MotoServer.PYTHON_PROPERTY);
    }

    /** Puts back what the build chose (e.g. -Dapprovalgate.python=...), so that later tests use it. */
    @AfterEach
    void restoreInterpreter() {
        if (interpreterBefore == null) {
            System.clearProperty(MotoServer.PYTHON_PROPERTY);
        } else {
            System.setProperty(MotoServer.PYTHON_PROPERTY, interpreterBefore);
        }
    }

    @Test
    void missingMotoModuleNamesThePackageToInstall() throws Exception {
        Path python = dir.resolve("python-without-moto");
        Files.writeString(python, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'moto'\" >&2\nexit 1\n");
        assertTrue(python.toFile().setExecutable(true));
        System.setProperty(MotoServer.PYTHON_PROPERTY, python.toString());

        var error = assertThrows(IllegalStateException.class, MotoServer::startWithoutLambda);

        assertTrue(error.getMessage().contains("moto is missing"), error.getMessage());
        assertTrue(error.getMessage().contains("pip install 'moto[server]==5.2.1'"), error.getMessage());
    }

    @Test
    void missingPythonNamesWhatToInstall() {
        System.setProperty(MotoServer.PYTHON_PROPERTY, dir.resolve("no-such-python").toString());

        var error = assertThrows(IllegalStateException.class, MotoServer::startWithoutLambda);

        assertTrue(error.getMessage().contains("Cannot run"), error.getMessage());
        assertTrue(error.getMessage().contains("pip install 'moto[server]==5.2.1'"), error.getMessage());
    }
}
