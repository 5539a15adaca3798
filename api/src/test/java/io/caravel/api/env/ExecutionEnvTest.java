package io.caravel.api.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.caravel.api.model.PortMapping;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionEnvTest {

    @Test
    void case89SetsExecutionJobAndPartitionVariables() {
        assertThat(ExecutionEnv.system("e-1", "j-1", "batch", 2, 3, List.of()))
                .containsExactly(
                        entry("BACALHAU_EXECUTION_ID", "e-1"),
                        entry("BACALHAU_JOB_ID", "j-1"),
                        entry("BACALHAU_JOB_TYPE", "batch"),
                        entry("BACALHAU_PARTITION_COUNT", "3"),
                        entry("BACALHAU_PARTITION_INDEX", "2"));
    }

    @Test
    void case89TaskEnvCannotOverrideSystemValues() {
        Map<String, String> task = Map.of("BACALHAU_JOB_TYPE", "override", "MY_VAR", "mine");
        Map<String, String> merged =
                ExecutionEnv.merge(task, ExecutionEnv.system("e-1", "j-1", "ops", 0, 0, null));
        assertThat(merged)
                .containsEntry("BACALHAU_JOB_TYPE", "ops")
                .containsEntry("MY_VAR", "mine")
                .hasSize(6);
        assertThat(List.copyOf(merged.keySet())).isSorted();
    }

    @Test
    void case90SetsHostAndTargetPortVariablesWithTheNameAsWritten() {
        List<PortMapping> ports =
                List.of(
                        new PortMapping("http", 8080, 80, ""),
                        new PortMapping("metrics", 9090, 9090, ""),
                        new PortMapping("debug", 3000, 8000, ""));
        assertThat(ExecutionEnv.system("e", "j", "service", 0, 1, ports))
                .contains(
                        entry("BACALHAU_HOST_PORT_http", "8080"), entry("BACALHAU_PORT_http", "80"),
                        entry("BACALHAU_HOST_PORT_metrics", "9090"),
                                entry("BACALHAU_PORT_metrics", "9090"),
                        entry("BACALHAU_HOST_PORT_debug", "3000"),
                                entry("BACALHAU_PORT_debug", "8000"))
                .hasSize(11);
    }

    @Test
    void unsetPortsContributeNoVariable() {
        List<PortMapping> ports =
                Arrays.asList(
                        new PortMapping("HOSTONLY", 20001, 0, ""),
                        new PortMapping("", 20002, 80, ""),
                        null);
        assertThat(ExecutionEnv.system(null, null, null, 0, 1, ports))
                .containsEntry("BACALHAU_HOST_PORT_HOSTONLY", "20001")
                .doesNotContainKey("BACALHAU_PORT_HOSTONLY")
                .containsEntry("BACALHAU_EXECUTION_ID", "")
                .hasSize(6);
    }

    @Test
    void mergeToleratesNullMapsKeysAndValues() {
        Map<String, String> task = new HashMap<>();
        task.put(null, "x");
        task.put("A", null);
        assertThat(ExecutionEnv.merge(task, null)).containsExactly(entry("A", ""));
        assertThat(ExecutionEnv.merge(null, null)).isEmpty();
    }
}
