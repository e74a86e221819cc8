package org.ncclkit.bench;

import java.util.List;

/** Receives a run's progress as it happens, so that rows can be printed the moment they are measured. */
public interface PerfListener {
    void started(List<DeviceLine> devices);

    void row(ResultRow row);
}
