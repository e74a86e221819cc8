package org.ncclkit.bench;

import java.util.List;
import java.util.function.Supplier;

import org.ncclkit.ffi.UniqueId;

/** The process group of a run contained in one process. */
enum SingleProcess implements ProcessGroup {
    INSTANCE;

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public UniqueId shareUniqueId(Supplier<UniqueId> makeOnRankZero) {
        return makeOnRankZero.get();
    }

    @Override
    public void barrier() {
    }

    @Override
    public double combine(int mode, double local) {
        return local;
    }

    @Override
    public long sum(long local) {
        return local;
    }

    @Override
    public List<String> gatherToRankZero(String mine) {
        return List.of(mine);
    }

    @Override
    public List<String> allGather(String mine) {
        return List.of(mine);
    }
}
