package io.caravel.bench.wasm;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * For the wasm benchmark only: a module compiled by Chicory with its interruption check emptied, to
 * measure what that check costs. Chicory's compiled code calls {@code checkInterruption()} of a
 * per-module copy of its {@code Shaded} class on every loop back-edge and call; this compiles the
 * module through a {@link Cache} that stores the compiled classes with that method's body replaced
 * by a plain return, then loads them back from the cache. A module compiled so can no longer be
 * stopped while it loops: never use it to run jobs.
 */
final class WithoutInterruptionCheck {
    private static final String CHECK = "checkInterruption";

    private WithoutInterruptionCheck() {}

    static Function<Instance, Machine> compile(WasmModule module) {
        Map<String, byte[]> stored = new HashMap<>();
        Cache rewriting =
                new Cache() {
                    @Override
                    public byte[] get(String key) {
                        return stored.get(key);
                    }

                    @Override
                    public void putIfAbsent(String key, byte[] data) throws IOException {
                        stored.putIfAbsent(key, withoutCheck(data));
                    }
                };
        MachineFactoryCompiler.builder(module).withCache(rewriting).compile();
        return MachineFactoryCompiler.builder(module).withCache(rewriting).compile();
    }

    /**
     * The jar of compiled classes Chicory caches, with every {@code checkInterruption()} emptied.
     */
    private static byte[] withoutCheck(byte[] jar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int emptied = 0;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar));
                JarOutputStream rewritten = new JarOutputStream(out)) {
            for (JarEntry entry = in.getNextJarEntry();
                    entry != null;
                    entry = in.getNextJarEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class")) {
                    ClassNode node = new ClassNode();
                    new ClassReader(bytes).accept(node, 0);
                    for (MethodNode method : node.methods) {
                        if (method.name.equals(CHECK) && method.desc.equals("()V")) {
                            method.instructions.clear();
                            method.tryCatchBlocks.clear();
                            method.localVariables = null;
                            method.instructions.add(new InsnNode(Opcodes.RETURN));
                            emptied++;
                        }
                    }
                    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
                    node.accept(writer);
                    bytes = writer.toByteArray();
                }
                rewritten.putNextEntry(new JarEntry(entry.getName()));
                rewritten.write(bytes);
                rewritten.closeEntry();
            }
        }
        if (emptied == 0) {
            throw new IllegalStateException(
                    "no "
                            + CHECK
                            + "() found in Chicory's compiled classes: the benchmark"
                            + " no longer matches this Chicory version");
        }
        return out.toByteArray();
    }
}
