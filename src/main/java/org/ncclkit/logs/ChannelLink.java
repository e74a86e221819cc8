package org.ncclkit.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One peer connection NCCL set up on a channel, from the INFO line that names its transport, in each format NCCL has
 * used: {@code Ring 00 : 7 -> 8 [send] via NET/AWS Libfabric/0} (2.4), {@code Channel 01 : 2[c7000] -> 0[87000]
 * [receive] via NET/IB/5/GDRDMA} (2.5 to 2.11, bus ids), {@code Channel 00/0 : 0[0] -> 1[0] [send] via
 * NET/Libfabric/0/GDRDMA} (connection index, device numbers; {@code transport/net.cc}), {@code ... via P2P/CUMEM/read}
 * ({@code p2p.cc}), {@code ... via SHM/direct/direct} ({@code shm.cc}), {@code CollNet 00/0 : 3 [send] via
 * COLLNET/SHARP/0/GDRDMA} ({@code coll_net.cc}).
 *
 * @param netName   the NET transport's network ({@code Libfabric}, {@code AWS Libfabric}, {@code IB}, {@code Socket}),
 *                  for NET and COLLNET links, else null
 * @param netDevice the network device index, for NET and COLLNET links, else -1
 * @param gdrdma    whether the line ends in {@code /GDRDMA}: the NIC reads and writes GPU memory directly
 */
public record ChannelLink(int channel, int fromRank, int toRank, Transport transport, String via, String netName,
                          int netDevice, boolean gdrdma) {
    public enum Transport { P2P, SHM, NET, COLLNET }

    private static final String RANK = "(\\d+)(?:\\[[0-9a-fA-Fx]+\\])?";
    private static final Pattern PEER_LINK = Pattern.compile(
            "^(?:Ring|Channel) (\\d+)(?:/\\d+)? : " + RANK + " -> " + RANK + "(?: \\[(?:send|receive)\\])? via (.+)$");
    private static final Pattern COLLNET_LINK = Pattern.compile("^CollNet (\\d+)(?:/\\d+)? : (\\d+) \\[(?:send|receive)\\] via (COLLNET/.+)$");
    /** {@code NET/<name>/<dev>} with an optional proxy rank, {@code /GDRDMA}, {@code (PCI)} and {@code /Shared}. */
    private static final Pattern NET_VIA = Pattern.compile("^(?:NET|COLLNET)/(.+?)/(\\d+)(?:\\(\\d+\\))?(/GDRDMA)?(?:\\(PCI\\))?(?:/Shared)?$");

    /** Parses an INFO message; null when it is not a channel connection line. */
    public static ChannelLink parse(String message) {
        Matcher m = PEER_LINK.matcher(message);
        if (m.matches()) {
            return of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4).strip());
        }
        m = COLLNET_LINK.matcher(message);
        if (m.matches()) {
            int rank = Integer.parseInt(m.group(2));
            return of(Integer.parseInt(m.group(1)), rank, rank, m.group(3).strip());
        }
        return null;
    }

    private static ChannelLink of(int channel, int from, int to, String via) {
        if (via.startsWith("NET/") || via.startsWith("COLLNET/")) {
            Matcher net = NET_VIA.matcher(via);
            Transport transport = via.startsWith("NET/") ? Transport.NET : Transport.COLLNET;
            if (!net.matches()) {
                return null;
            }
            return new ChannelLink(channel, from, to, transport, via, net.group(1), Integer.parseInt(net.group(2)), net.group(3) != null);
        }
        if (via.startsWith("P2P/")) {
            return new ChannelLink(channel, from, to, Transport.P2P, via, null, -1, false);
        }
        if (via.startsWith("SHM") || via.equals("direct shared memory")) {
            return new ChannelLink(channel, from, to, Transport.SHM, via, null, -1, false);
        }
        return null;
    }

    /** How the summary counts this link: {@code P2P/CUMEM}, {@code SHM}, {@code NET/Libfabric}, {@code COLLNET/SHARP}. */
    public String kind() {
        return switch (transport) {
            case P2P -> {
                int slash = via.indexOf('/', "P2P/".length());
                yield slash < 0 ? via : via.substring(0, slash);
            }
            case SHM -> "SHM";
            case NET -> "NET/" + netName;
            case COLLNET -> "COLLNET/" + netName;
        };
    }
}
