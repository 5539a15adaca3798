package io.caravel.activities.providers.wasm;

import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.caravel.api.quantity.Quantities;

/**
 * The linear memories of one execution, counted together against the task's limit: every module's
 * memory (the entry module's and its imports') takes its pages from one account, so an execution
 * never holds more of the worker's heap than it reserved. A {@code memory.grow} past the limit
 * returns -1, as WASM defines it, and is remembered, so that a module that then fails is reported
 * as having exceeded its memory limit.
 */
final class ExecutionMemory {
    private final int maxPages;
    private int usedPages;
    private volatile boolean refused;

    ExecutionMemory(int maxPages) {
        this.maxPages = maxPages;
    }

    /** A memory for Chicory's instance builder, its pages counted here. */
    Memory create(MemoryLimits limits) {
        if (!take(limits.initialPages())) {
            throw WasmFileSystem.failed(
                    exceeded()
                            + ": the modules need "
                            + (usedPages + limits.initialPages())
                            + " pages at start",
                    "raise Resources.Memory");
        }
        return new CountedMemory(new ByteBufferMemory(limits), this);
    }

    /** Whether a module asked for more memory than the limit allows. */
    boolean refused() {
        return refused;
    }

    /** The message of a module that failed after being refused memory. */
    String exceeded() {
        return "memory limit exceeded: the module asked for more than its limit of "
                + Quantities.formatBytes(maxPages * WasmMemoryLimit.PAGE_BYTES)
                + " ("
                + maxPages
                + " pages of 64KiB, from Resources.Memory)";
    }

    private synchronized boolean take(int pages) {
        if (pages < 0 || (long) usedPages + pages > maxPages) {
            refused = true;
            return false;
        }
        usedPages += pages;
        return true;
    }

    private synchronized void giveBack(int pages) {
        usedPages -= pages;
    }

    /** Chicory's memory with {@code grow} counted; everything else is the delegate's. */
    private static final class CountedMemory implements Memory {
        private final Memory delegate;
        private final ExecutionMemory account;

        CountedMemory(Memory delegate, ExecutionMemory account) {
            this.delegate = delegate;
            this.account = account;
        }

        @Override
        public int grow(int size) {
            if (!account.take(size)) {
                return -1;
            }
            int before = delegate.grow(size);
            if (before < 0) {
                account.giveBack(size);
            }
            return before;
        }

        @Override
        public int pages() {
            return delegate.pages();
        }

        @Override
        public int maximumPages() {
            return delegate.maximumPages();
        }

        @Override
        public Object lock(int a) {
            return delegate.lock(a);
        }

        @Override
        public int waitOn(int a, int b, long c) {
            return delegate.waitOn(a, b, c);
        }

        @Override
        public int waitOn(int a, long b, long c) {
            return delegate.waitOn(a, b, c);
        }

        @Override
        public int notify(int a, int b) {
            return delegate.notify(a, b);
        }

        @Override
        public int initialPages() {
            return delegate.initialPages();
        }

        @Override
        public boolean shared() {
            return delegate.shared();
        }

        @Override
        public void initialize(Instance a, DataSegment[] b) {
            delegate.initialize(a, b);
        }

        @Override
        public void initialize(Instance a, DataSegment[] b, int c) {
            delegate.initialize(a, b, c);
        }

        @Override
        public void initPassiveSegment(int a, int b, int c, int d) {
            delegate.initPassiveSegment(a, b, c, d);
        }

        @Override
        public void write(int a, byte[] b, int c, int d) {
            delegate.write(a, b, c, d);
        }

        @Override
        public byte read(int a) {
            return delegate.read(a);
        }

        @Override
        public byte[] readBytes(int a, int b) {
            return delegate.readBytes(a, b);
        }

        @Override
        public void writeI32(int a, int b) {
            delegate.writeI32(a, b);
        }

        @Override
        public int readInt(int a) {
            return delegate.readInt(a);
        }

        @Override
        public void writeLong(int a, long b) {
            delegate.writeLong(a, b);
        }

        @Override
        public long readLong(int a) {
            return delegate.readLong(a);
        }

        @Override
        public void writeShort(int a, short b) {
            delegate.writeShort(a, b);
        }

        @Override
        public short readShort(int a) {
            return delegate.readShort(a);
        }

        @Override
        public long readU16(int a) {
            return delegate.readU16(a);
        }

        @Override
        public void writeByte(int a, byte b) {
            delegate.writeByte(a, b);
        }

        @Override
        public void writeF32(int a, float b) {
            delegate.writeF32(a, b);
        }

        @Override
        public long readF32(int a) {
            return delegate.readF32(a);
        }

        @Override
        public float readFloat(int a) {
            return delegate.readFloat(a);
        }

        @Override
        public void writeF64(int a, double b) {
            delegate.writeF64(a, b);
        }

        @Override
        public double readDouble(int a) {
            return delegate.readDouble(a);
        }

        @Override
        public long readF64(int a) {
            return delegate.readF64(a);
        }

        @Override
        public void zero() {
            delegate.zero();
        }

        @Override
        public void fill(byte a, int b, int c) {
            delegate.fill(a, b, c);
        }

        @Override
        public void copy(int a, int b, int c) {
            delegate.copy(a, b, c);
        }

        @Override
        public void drop(int a) {
            delegate.drop(a);
        }
    }
}
