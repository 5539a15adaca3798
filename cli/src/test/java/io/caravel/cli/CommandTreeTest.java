package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Commands are built only along the branch the arguments name ({@link CommandTree}); what a user
 * sees must be what the whole tree gives: every verb in help and completion, the same parse when an
 * option's value is a verb's name. No server listens at the address: nothing here may need one.
 */
class CommandTreeTest {
    private static final Cli CLI = Cli.at("127.0.0.1:1");

    @Test
    void rootHelpListsEveryVerb() {
        Cli.Result r = CLI.run("--help");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains(
                        "  version ",
                        "  dev ",
                        "  job ",
                        "  worker ",
                        "  completion ",
                        "  docker ",
                        "  wasm ",
                        "  node ");
    }

    @Test
    void aVerbsHelpListsEveryVerbUnderIt() {
        Cli.Result r = CLI.run("job", "--help");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains(
                        "  run ",
                        "  validate ",
                        "  describe ",
                        "  list ",
                        "  stop ",
                        "  executions ",
                        "  history ",
                        "  get ",
                        "  logs ");
    }

    @Test
    void theCompletionScriptCoversTheWholeTree() {
        Cli.Result r = CLI.run("completion");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("docker", "wasm", "describe", "executions", "--wait-timeout-secs");
    }

    @Test
    void anOptionValueThatNamesAnotherVerbDoesNotPickThatVerb() {
        Cli.Result r = CLI.run("--namespace=docker", "--output", "json", "job", "list");

        assertThat(r.code())
                .as("job list ran and found no server: " + r)
                .isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void anOptionValueBeforeTheVerbWithTheVerbsOwnNameStillParses() {
        Cli.Result r = CLI.run("--output", "json", "node", "list");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void aMisspeltVerbIsAUsageErrorWithTheWholeList() {
        Cli.Result r = CLI.run("jbo", "list");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unmatched argument").contains("  job ", "  docker ");
    }
}
