package org.ncclkit.logs;

/**
 * What NCCL said about loading its NET plugin, in any of its versions' wordings ({@code NET/Plugin : No plugin found
 * (libnccl-net.so).}, {@code NET/Plugin: Could not find: ofi libnccl-net-ofi.so. Using internal network plugin.},
 * {@code NET/Plugin: Loaded net plugin Libfabric (v10)}, ...).
 *
 * @param name   the file NCCL tried or loaded, or the plugin's network name, or the requested value
 * @param detail the loader's message or the plugin's version, where NCCL gave one
 */
public record PluginEvent(Kind kind, String name, String detail) {
    public enum Kind {
        /** NCCL_NET_PLUGIN named a plugin. */
        REQUESTED,
        /** No such file on the library path. */
        NOT_FOUND,
        /** The file exists but could not be loaded, or exports no symbol this NCCL supports. */
        LOAD_FAILED,
        /** A NET plugin was loaded. */
        LOADED,
        /** NCCL went on with its internal IB and Socket transports. */
        INTERNAL,
        /** The plugin was loaded but its init failed (NCCL 2.27+ says so). */
        INIT_FAILED
    }
}
