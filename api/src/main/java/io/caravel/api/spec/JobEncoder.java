package io.caravel.api.spec;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.model.TimeoutConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a {@link Job} into the canonical tree: PascalCase keys in Bacalhau's field order. The
 * job-document form has every key; the spec-file form leaves out server-managed fields that are
 * unset, so that a printed spec can be submitted again.
 */
final class JobEncoder {
    private JobEncoder() {}

    static Map<String, Object> job(Job job, boolean specFile) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!specFile || !job.id().isEmpty()) {
            m.put("ID", job.id());
        }
        m.put("Name", job.name());
        m.put("Namespace", job.namespace());
        m.put("Type", job.type());
        m.put("Priority", job.priority());
        m.put("Count", job.count());
        m.put("Constraints", list(job.constraints(), JobEncoder::constraint));
        m.put("Meta", job.meta());
        m.put("Labels", job.labels());
        m.put("Tasks", list(job.tasks(), JobEncoder::task));
        boolean server = !specFile;
        if (server || job.state().stateType() != JobStateType.UNDEFINED) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("StateType", job.state().stateType().text());
            state.put("Message", job.state().message());
            state.put("Details", job.state().details());
            m.put("State", state);
        }
        putUnlessZero(m, "Version", job.version(), server);
        putUnlessZero(m, "Revision", job.revision(), server);
        putUnlessZero(m, "CreateTime", job.createTime(), server);
        putUnlessZero(m, "ModifyTime", job.modifyTime(), server);
        return m;
    }

    private static void putUnlessZero(
            Map<String, Object> m, String key, long value, boolean always) {
        if (always || value != 0) {
            m.put(key, value);
        }
    }

    static Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", t.name());
        if (t.engine() != null) {
            m.put("Engine", specConfig(t.engine()));
        }
        m.put("Publisher", specConfig(t.publisher()));
        m.put("Env", t.env());
        m.put("Meta", t.meta());
        m.put("InputSources", list(t.inputSources(), JobEncoder::inputSource));
        m.put("ResultPaths", list(t.resultPaths(), JobEncoder::resultPath));
        m.put("Resources", resources(t.resources()));
        m.put("Network", network(t.network()));
        m.put("Timeouts", timeouts(t.timeouts()));
        return m;
    }

    static Map<String, Object> specConfig(SpecConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", c.type());
        m.put("Params", c.params());
        return m;
    }

    private static Map<String, Object> inputSource(InputSource s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.source() != null) {
            m.put("Source", specConfig(s.source()));
        }
        m.put("Alias", s.alias());
        m.put("Target", s.target());
        return m;
    }

    private static Map<String, Object> resultPath(ResultPath p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", p.name());
        m.put("Path", p.path());
        return m;
    }

    private static Map<String, Object> resources(ResourcesConfig r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CPU", r.cpu());
        m.put("Memory", r.memory());
        m.put("Disk", r.disk());
        m.put("GPU", r.gpu());
        return m;
    }

    private static Map<String, Object> network(NetworkConfig n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", n.type().canonical());
        m.put("Domains", n.domains());
        m.put("Ports", list(n.ports(), JobEncoder::port));
        return m;
    }

    private static Map<String, Object> port(PortMapping p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", p.name());
        m.put("Static", p.staticPort());
        m.put("Target", p.target());
        m.put("HostNetwork", p.hostNetwork());
        return m;
    }

    private static Map<String, Object> timeouts(TimeoutConfig t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ExecutionTimeout", t.executionTimeout());
        m.put("QueueTimeout", t.queueTimeout());
        m.put("TotalTimeout", t.totalTimeout());
        return m;
    }

    private static Map<String, Object> constraint(LabelSelectorRequirement c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Key", c.key());
        m.put("Operator", c.operator());
        m.put("Values", c.values());
        return m;
    }

    private static <T> List<Object> list(List<T> items, Function<T, Object> encode) {
        List<Object> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(encode.apply(item));
        }
        return out;
    }
}
