package org.ncclkit.ras;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks this node's NCCL RAS service (NCCL 2.24 on) for the job's state, over the text protocol that NCCL's own
 * {@code ncclras} speaks ({@code src/ras/client.cc}): {@code CLIENT PROTOCOL 2} / {@code SERVER PROTOCOL n},
 * {@code TIMEOUT s} / {@code OK}, {@code SET FORMAT json} / {@code OK} (2.28.7 on; older ones answer
 * {@code ERROR: Unknown command}, and the text is read instead), then {@code VERBOSE STATUS}, answered until NCCL hangs up.
 * Every process of a node listens on the same port (SO_REUSEPORT), so a connection may land on a stopped one: like
 * {@code ncclras}, a handshake that goes unanswered for a second is retried, within the caller's budget.
 */
public final class RasClient {
    static final int PROTOCOL = 2;
    /** How long one handshake line may take: {@code ncclras} gives the process a second before trying another. */
    private static final Duration HANDSHAKE = Duration.ofSeconds(1);
    private static final int MAX_ANSWER = 16 * 1024 * 1024;

    private RasClient() {
    }

    /**
     * The job's state as this node's RAS sees it, within {@code budget} in all; RAS itself is told to give up on
     * unresponsive peers after {@code peerSeconds} (it waits 5 s by default).
     *
     * @throws RasUnavailableException when nothing listens, the service does not speak RAS, or it does not answer in time
     */
    public static RasStatus status(RasAddress address, Duration budget, int peerSeconds) throws RasUnavailableException {
        long deadline = System.nanoTime() + budget.toNanos();
        String lastProblem = "no attempt";
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.host(), address.port()), millis(HANDSHAKE, deadline));
                return ask(socket, deadline, peerSeconds);
            } catch (ConnectException e) {
                throw new RasUnavailableException("nothing listens at " + address + " (NCCL before 2.24, NCCL_RAS_ENABLE=0,"
                        + " or no NCCL process on this node)");
            } catch (SocketTimeoutException e) {
                lastProblem = "no answer within " + HANDSHAKE.toSeconds() + " s (a stopped or busy process?)";
            } catch (IOException e) {
                throw new RasUnavailableException("cannot talk to " + address + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new RasUnavailableException(e.getMessage());
            }
        }
        throw new RasUnavailableException("NCCL RAS at " + address + " did not answer within " + budget.toSeconds() + " s: "
                + lastProblem);
    }

    private static RasStatus ask(Socket socket, long deadline, int peerSeconds) throws IOException, RasUnavailableException {
        socket.setSoTimeout(millis(HANDSHAKE, deadline));
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        String hello = exchange(out, in, "CLIENT PROTOCOL " + PROTOCOL);
        if (!hello.regionMatches(true, 0, "SERVER PROTOCOL ", 0, "SERVER PROTOCOL ".length())) {
            throw new RasUnavailableException(socket.getRemoteSocketAddress() + " is not NCCL's RAS service (it answered '"
                    + hello + "')");
        }
        requireOk(exchange(out, in, "TIMEOUT " + peerSeconds), "TIMEOUT");
        boolean json = exchange(out, in, "SET FORMAT json").equalsIgnoreCase("OK"); // 2.28.7 and later
        send(out, "VERBOSE STATUS");
        socket.setSoTimeout(Math.max(1, millis(Duration.ofNanos(deadline - System.nanoTime()), deadline)));
        String answer = readToEnd(in);
        return json ? RasStatus.parseJson(answer) : RasStatus.parseText(answer);
    }

    private static void requireOk(String reply, String command) throws RasUnavailableException {
        if (!reply.equalsIgnoreCase("OK")) {
            throw new RasUnavailableException("NCCL RAS refused " + command + ": " + reply);
        }
    }

    private static String exchange(OutputStream out, InputStream in, String command) throws IOException {
        send(out, command);
        return readLine(in);
    }

    private static void send(OutputStream out, String command) throws IOException {
        out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One reply line without its newline; RAS sends each one whole. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("NCCL RAS hung up");
            }
            if (line.size() > 64 * 1024) {
                throw new IOException("a reply line of over 64 KiB");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (answer.size() + n > MAX_ANSWER) {
                throw new IOException("an answer of over " + MAX_ANSWER + " bytes");
            }
            answer.write(buffer, 0, n);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static int millis(Duration wanted, long deadline) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        return (int) Math.max(1, Math.min(wanted.toMillis(), left));
    }
}
