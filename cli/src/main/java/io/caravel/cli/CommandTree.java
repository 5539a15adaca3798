package io.caravel.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The verbs under each command, added to a command line either all ({@link #addAll}) or only along
 * the branch the arguments name ({@link #addBranch}). Picocli reads every option of every command
 * it is given, which took about 150 ms per run for the whole tree; a command only needs its branch.
 */
final class CommandTree {
    private static final Map<Class<?>, List<Class<?>>> CHILDREN =
            Map.of(
                    CaravelCommand.class,
                            List.of(
                                    VersionCommand.class,
                                    DevCommand.class,
                                    JobCommand.class,
                                    WorkerCommand.class,
                                    CompletionCommand.class,
                                    DockerCommand.class,
                                    WasmCommand.class,
                                    NodeCommand.class,
                                    ServeCommand.class),
                    JobCommand.class,
                            List.of(
                                    JobRunCommand.class,
                                    JobValidateCommand.class,
                                    JobDescribeCommand.class,
                                    JobListCommand.class,
                                    JobStopCommand.class,
                                    JobExecutionsCommand.class,
                                    JobHistoryCommand.class,
                                    JobGetCommand.class,
                                    JobLogsCommand.class),
                    DockerCommand.class, List.of(DockerRunCommand.class),
                    WasmCommand.class, List.of(WasmRunCommand.class),
                    NodeCommand.class, List.of(NodeListCommand.class));

    /** Verbs that read the whole tree (the completion script lists every verb). */
    private static final List<Class<?>> NEED_WHOLE_TREE = List.of(CompletionCommand.class);

    private CommandTree() {}

    /** Adds every verb under {@code command}, at every depth. */
    static void addAll(CommandLine command) {
        for (Class<?> child : children(command)) {
            CommandLine sub = new CommandLine(child);
            command.addSubcommand(sub);
            addAll(sub);
        }
    }

    /**
     * Adds the verbs that {@code args} name, one per level: at each level the first argument that
     * is the name of a verb there. Where none is named (help, a typo), all of them are added, so
     * that picocli lists them or suggests one.
     *
     * @return false when the branch would not serve: the caller then builds the whole tree
     */
    static boolean addBranch(CommandLine command, List<String> args) {
        List<Class<?>> children = children(command);
        if (children.isEmpty()) {
            return true;
        }
        for (int i = 0; i < args.size(); i++) {
            for (Class<?> child : children) {
                if (names(child).contains(args.get(i))) {
                    if (NEED_WHOLE_TREE.contains(child)) {
                        return false;
                    }
                    CommandLine sub = new CommandLine(child);
                    command.addSubcommand(sub);
                    return addBranch(sub, args.subList(i + 1, args.size()));
                }
            }
        }
        addAll(command);
        return true;
    }

    private static List<Class<?>> children(CommandLine command) {
        return CHILDREN.getOrDefault(command.getCommand().getClass(), List.of());
    }

    private static List<String> names(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(Arrays.asList(annotation.aliases()));
        names.add(annotation.name());
        return names;
    }
}
