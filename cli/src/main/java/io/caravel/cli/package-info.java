/**
 * The {@code caravel} command: {@link io.caravel.cli.CaravelCommand} (the picocli root and its
 * global options), one class per verb ({@code JobRunCommand}, {@code DevCommand}, ...), and {@code
 * ErrorReporter}, where every failure becomes one line, a hint and an exit code of {@link
 * io.caravel.cli.ExitCodes}.
 */
package io.caravel.cli;
