package org.ncclkit.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket on 127.0.0.1): opens a page, records every
 * network request and every console message or error it makes, evaluates expressions in it and takes screenshots.
 * {@link #close} ends the browser and every process it started.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final List<String> BINARIES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final JsonMapper JSON = JsonMapper.shared();

    private final Process browser;
    private final WebSocket socket;
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    /** The Chromium binary of this machine, if there is one. */
    public static Optional<Path> binary() {
        return BINARIES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    public static HeadlessChromium start(Path binary, Path profile) throws Exception {
        Process browser = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--hide-scrollbars", "--window-size=1100,1400", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank").redirectErrorStream(true).start();
        try {
            String browserUrl = listeningUrl(browser);
            URI page = pageSocket(browserUrl);
            return new HeadlessChromium(browser, page);
        } catch (Exception e) {
            stop(browser);
            throw e;
        }
    }

    private HeadlessChromium(Process browser, URI pageSocket) throws Exception {
        this.browser = browser;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(pageSocket, new Listener()).get(10, TimeUnit.SECONDS);
        for (String domain : List.of("Page", "Network", "Runtime", "Log")) {
            call(domain + ".enable", Map.of());
        }
    }

    private static String listeningUrl(Process browser) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IllegalStateException("Chromium ended without opening its DevTools port"));
        });
        try {
            return url.get(30, TimeUnit.SECONDS);
        } finally {
            if (!url.isDone()) {
                reader.interrupt();
            }
        }
    }

    private static URI pageSocket(String browserUrl) throws Exception {
        URI browserUri = URI.create(browserUrl);
        URI list = URI.create("http://" + browserUri.getHost() + ":" + browserUri.getPort() + "/json/list");
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 50; attempt++) {
            String body = http.send(HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : JSON.readTree(body)) {
                if (target.path("type").asString("").equals("page")) {
                    return URI.create(target.path("webSocketDebuggerUrl").asString());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Chromium shows no page target at " + list);
    }

    /** Opens {@code page} and waits for its load event. */
    public void open(Path page) throws Exception {
        events.clear();
        call("Page.navigate", Map.of("url", page.toUri().toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (events.stream().noneMatch(e -> e.path("method").asString("").equals("Page.loadEventFired"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page did not finish loading within 30 s: " + page);
            }
            Thread.sleep(20);
        }
    }

    /** The URLs of every request the page made since {@link #open}, the page's own included. */
    public List<String> requests() {
        return events.stream().filter(e -> e.path("method").asString("").equals("Network.requestWillBeSent"))
                .map(e -> e.path("params").path("request").path("url").asString("")).toList();
    }

    /** Console messages, uncaught exceptions and browser log entries of level warning or error. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (JsonNode e : events) {
            String method = e.path("method").asString("");
            JsonNode p = e.path("params");
            switch (method) {
                case "Runtime.consoleAPICalled" -> problems.add("console." + p.path("type").asString() + ": " + p.path("args"));
                case "Runtime.exceptionThrown" -> problems.add("exception: " + p.path("exceptionDetails"));
                case "Log.entryAdded" -> {
                    String level = p.path("entry").path("level").asString("");
                    if (level.equals("error") || level.equals("warning")) {
                        problems.add("log " + level + ": " + p.path("entry").path("text").asString());
                    }
                }
                default -> { }
            }
        }
        return problems;
    }

    /** The value of a JavaScript expression in the page. */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole page, written to {@code file}. */
    public void screenshot(Path file) throws Exception {
        JsonNode result = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(file, Base64.getDecoder().decode(result.path("data").asString()));
    }

    /** A PNG of the element that {@code selector} picks (the first), written to {@code file}. */
    public void screenshot(Path file, String selector) throws Exception {
        JsonNode box = evaluate("(() => { const r = document.querySelector(" + JSON.writeValueAsString(selector)
                + ").getBoundingClientRect(); return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; })()");
        Map<String, Object> clip = Map.of("x", box.path("x").asDouble(), "y", box.path("y").asDouble(),
                "width", box.path("width").asDouble(), "height", box.path("height").asDouble(), "scale", 1);
        JsonNode result = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.write(file, Base64.getDecoder().decode(result.path("data").asString()));
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = nextId.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode answer = reply.get(30, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.path("error"));
        }
        return answer.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode message = JSON.readTree(partial.toString());
                partial.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> reply = replies.remove(message.path("id").asInt());
                    if (reply != null) {
                        reply.complete(message);
                    }
                } else {
                    events.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
        stop(browser);
    }

    /** Ends the browser and its helper processes (renderer, GPU, zygote), by PID, and waits for them. */
    private static void stop(Process browser) {
        List<ProcessHandle> all = Stream.concat(browser.toHandle().descendants(), Stream.of(browser.toHandle())).toList();
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join());
    }
}
