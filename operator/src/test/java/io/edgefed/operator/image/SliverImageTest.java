package io.edgefed.operator.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The default sliver image (images/sliver-ubuntu) keeps the operator's contract: sshd reads the keys where the
 * operator mounts them by default, and the entry point refuses what would leave nobody able to log in.
 */
class SliverImageTest {

    private static final Path IMAGE = Path.of("..", "images", "sliver-ubuntu");

    @Test
    void sshdReadsTheKeysWhereTheOperatorMountsThemByDefault() throws Exception {
        assertThat(Files.readString(IMAGE.resolve("sshd_config")))
                .contains("AuthorizedKeysFile /etc/edgefed/ssh/authorized_keys")
                .contains("PasswordAuthentication no");
    }

    @Test
    void entryPointPassesShellcheck() throws Exception {
        assumeTrue(onPath("shellcheck"), "shellcheck is not installed (bash .ci/install-test-packages installs it)");
        Process shellcheck = new ProcessBuilder("shellcheck", IMAGE.resolve("entrypoint.sh").toString())
                .redirectErrorStream(true).start();
        String output = new String(shellcheck.getInputStream().readAllBytes());
        assertThat(shellcheck.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(shellcheck.exitValue()).as(output).isZero();
    }

    @Test
    void entryPointRefusesAMissingOrUnsafeLoginWithAMessage() throws Exception {
        assertThat(run("")).contains("EDGEFED_LOGIN_USER is empty");
        assertThat(run("root")).contains("refusing to log in as root");
        assertThat(run("alice;reboot")).contains("is not a valid Linux user name");
    }

    private static String run(String user) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", IMAGE.resolve("entrypoint.sh").toString()).redirectErrorStream(true);
        builder.environment().put("EDGEFED_LOGIN_USER", user);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        return output;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
