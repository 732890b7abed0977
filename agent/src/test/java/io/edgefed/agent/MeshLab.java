package io.edgefed.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.edgefed.agent.node.Commands;
import io.edgefed.agent.record.VpnAddressClaimer;
import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.agent.wireguard.DeviceState;
import io.edgefed.agent.wireguard.UapiWireGuard;
import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * A small internet in network namespaces, for tests that run the real agent: an "internet" bridge, a host-side veth
 * where a mock API server listens, a public node, and home nodes each behind its own NAT box (MASQUERADE, new
 * inbound dropped on the WAN side as home routers do). Each node runs the agent jar as a child process through
 * {@code ip netns exec}. {@link #close()} removes every namespace, process and socket it made, also after failures.
 * <pre>
 *   host 10.200.0.1 (mock API) ─┐
 *   pub  10.200.0.10 ───────────┤ bridge "inet"
 *   nat1 10.200.0.21 ───────────┤── 192.168.1.1 ── home-1 192.168.1.2
 *   nat2 10.200.0.22 ───────────┘── 192.168.2.1 ── home-2 192.168.2.2
 * </pre>
 * The lab's internet is a private range, as a campus backbone on 10/8 or a cloud's 1:1 NAT looks from the node: a
 * public node there is public because it is told its endpoint, not because its address looks public. Only addresses
 * inside these namespaces are used; no namespace has a route to anything outside them.
 */
public final class MeshLab implements AutoCloseable {

    public static final String INTERNET = "10.200.0.";
    public static final String API_ADDRESS = INTERNET + "1";

    static {
        // The mock API server logs every request at INFO; the lab makes thousands.
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    }

    /** One agent node of the lab. */
    public record Node(String name, String namespace, String iface, Path stateDir, Path log) {
        public Path uapiSocket() {
            return Path.of("/var/run/wireguard", iface + ".sock");
        }

        public InetAddress ipv4() throws IOException {
            return Addresses.parseLiteral(Files.readString(stateDir.resolve("vpn-ipv4")).trim());
        }

        public InetAddress ipv6() throws IOException {
            return Addresses.parseLiteral(Files.readString(stateDir.resolve("vpn-ipv6")).trim());
        }
    }

    private final String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    private final Path workDir;
    private final Commands commands = new Commands();
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Process> agents = new HashMap<>();
    private final Map<String, String> extraEnv = new HashMap<>();
    private String hostVeth;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private Path kubeconfig;

    private final Thread cleanupOnExit = new Thread(this::close, "mesh-lab-cleanup");
    private boolean closed;

    public MeshLab(Path workDir) {
        this.workDir = workDir.resolve("lab-" + id);
        // Also when the test JVM is stopped (a CI timeout, Ctrl-C): no namespace, agent or daemon may outlive it.
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** Why the lab cannot run here, or null when it can. */
    public static String missingPrerequisite() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root (network namespaces, iptables); run as root as CI does";
        }
        for (String tool : List.of("ip", "iptables", "wireguard-go", "wg", "ping", "conntrack", "curl")) {
            if (!onPath(tool)) {
                return tool + " is not installed (see agent/src/test/ci-packages.txt)";
            }
        }
        if (!Files.exists(agentJar())) {
            return agentJar() + " is missing: run through 'mvn verify' (the jar is built in the package phase)";
        }
        return null;
    }

    static Path agentJar() {
        return Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    }

    public String id() {
        return id;
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * Creates a VPNPeer the way its own agent would: the claims on its addresses first, so that no agent of the lab can
     * pick one of them (a test peer without claims could collide with an agent's hashed first guess).
     */
    public void addPeer(VPNPeer peer) {
        VpnAddressClaimer claimer = new VpnAddressClaimer(client, peer.getMetadata().getName());
        for (String address : new String[] { peer.getSpec().getAddressV4(), peer.getSpec().getAddressV6() }) {
            if (address != null && !claimer.tryClaim(Addresses.parseLiteral(address))) {
                throw new IllegalStateException("test peer " + peer.getMetadata().getName() + ": " + address + " is claimed already");
            }
        }
        client.resources(VPNPeer.class).resource(peer).create();
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    public Map<String, Node> nodes() {
        return nodes;
    }

    /** Extra environment for every agent started after this call (EDGEFED_RESYNC_PERIOD, ...). */
    public MeshLab env(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    private String ns(String role) {
        return "efit-" + id + "-" + role;
    }

    /** Builds the internet bridge, the host veth and the mock API server on it. */
    public MeshLab internet() throws IOException {
        Files.createDirectories(workDir);
        String inet = addNamespace("inet");
        sh(List.of("ip", "-n", inet, "link", "add", "inet", "type", "bridge"));
        sh(List.of("ip", "-n", inet, "link", "set", "inet", "up"));
        hostVeth = "efit" + id;
        sh(List.of("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", "host", "netns", inet));
        sh(List.of("ip", "address", "add", API_ADDRESS + "/24", "dev", hostVeth));
        sh(List.of("ip", "link", "set", hostVeth, "up"));
        sh(List.of("ip", "-n", inet, "link", "set", "host", "master", "inet", "up"));
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByName(API_ADDRESS), 0);
        client = server.createClient();
        kubeconfig = workDir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: lab
                  cluster:
                    server: http://%s:%d
                contexts:
                - name: lab
                  context:
                    cluster: lab
                    user: agent
                current-context: lab
                users:
                - name: agent
                  user:
                    token: lab-token
                """.formatted(API_ADDRESS, server.getPort()));
        return this;
    }

    /** A node with its own address on the internet bridge. */
    public Node publicNode(String name, String address) throws IOException {
        String namespace = addNamespace(name);
        plugIntoInternet(namespace, address, "p" + nodes.size());
        return addNode(name, namespace);
    }

    /** A home node behind its own NAT box; {@code randomPorts} makes the NAT change the port for every destination. */
    public Node homeNode(String name, int index, String wanAddress, boolean randomPorts) throws IOException {
        String nat = addNamespace("nat" + index);
        plugIntoInternet(nat, wanAddress, "n" + index);
        String home = addNamespace(name);
        sh(List.of("ip", "-n", nat, "link", "add", "lan", "type", "veth", "peer", "name", "eth0", "netns", home));
        sh(List.of("ip", "-n", nat, "address", "add", "192.168." + index + ".1/24", "dev", "lan"));
        sh(List.of("ip", "-n", nat, "link", "set", "lan", "up"));
        sh(List.of("ip", "-n", home, "address", "add", "192.168." + index + ".2/24", "dev", "eth0"));
        sh(List.of("ip", "-n", home, "link", "set", "eth0", "up"));
        sh(List.of("ip", "-n", home, "route", "add", "default", "via", "192.168." + index + ".1"));
        inNs(nat, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        setNat(index, randomPorts);
        // A home router: nothing new comes in from the WAN side, neither to the box nor through it.
        inNs(nat, "iptables", "-A", "INPUT", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
        inNs(nat, "iptables", "-A", "FORWARD", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
        return addNode(name, home);
    }

    /** Replaces the NAT rule of box {@code index} and forgets its mappings (as a router reboot would). */
    public void setNat(int index, boolean randomPorts) throws IOException {
        setNat(index, randomPorts ? List.of("--random-fully") : List.of());
    }

    /** NAT box {@code index} forgets its mappings and maps its home node to {@code port} from now on (a router reboot). */
    public void moveNatPort(int index, int port) throws IOException {
        setNat(index, List.of("--to-ports", String.valueOf(port)));
    }

    private void setNat(int index, List<String> options) throws IOException {
        String nat = ns("nat" + index);
        inNs(nat, "iptables", "-t", "nat", "-F", "POSTROUTING");
        List<String> rule = new ArrayList<>(List.of("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-p", "udp", "-j", "MASQUERADE"));
        rule.addAll(options);
        inNs(nat, rule.toArray(String[]::new));
        // The options (--to-ports needs a protocol) shape WireGuard's UDP; the API's TCP keeps a plain rule.
        inNs(nat, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE");
        commands.run(List.of("ip", "netns", "exec", nat, "conntrack", "-F"));
    }

    /** Gives NAT box {@code index} a new public address, as a home line gets after a reconnect. */
    public void renumberNat(int index, String oldAddress, String newAddress) throws IOException {
        String nat = ns("nat" + index);
        // Old first: deleting a primary address also deletes the secondaries of its subnet.
        sh(List.of("ip", "-n", nat, "address", "del", oldAddress + "/24", "dev", "wan"));
        sh(List.of("ip", "-n", nat, "address", "add", newAddress + "/24", "dev", "wan"));
        commands.run(List.of("ip", "netns", "exec", nat, "conntrack", "-F"));
    }

    /** Cuts (or restores) a node's traffic to and from the API server, both ways, as an outage would. */
    public void blockApi(Node node, boolean blocked) throws IOException {
        String action = blocked ? "-I" : "-D";
        inNs(node.namespace(), "iptables", action, "OUTPUT", "-d", API_ADDRESS, "-j", "DROP");
        inNs(node.namespace(), "iptables", action, "INPUT", "-s", API_ADDRESS, "-j", "DROP");
    }

    /** Drops (or lets through again) the UDP that the home behind NAT box {@code index} sends to {@code destination}. */
    public void blockUdpFromHome(int index, String destination, boolean blocked) throws IOException {
        inNs(ns("nat" + index), "iptables", blocked ? "-I" : "-D", "FORWARD", "-o", "wan", "-p", "udp", "-d", destination, "-j", "DROP");
    }

    /** Lets a public node forward between its WireGuard peers (what a relay node needs). */
    public void enableRelay(Node node) throws IOException {
        inNs(node.namespace(), "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        inNs(node.namespace(), "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        inNs(node.namespace(), "iptables", "-A", "FORWARD", "-i", node.iface(), "-o", node.iface(), "-j", "ACCEPT");
    }

    /** Removes the node's WireGuard interface (its wireguard-go exits with it), as a reboot would. */
    public void deleteInterface(Node node) throws Exception {
        inNs(node.namespace(), "ip", "link", "del", node.iface());
        await(node.iface() + " gone", Duration.ofSeconds(10), 50, () -> !Files.exists(node.uapiSocket()));
    }

    /** Starts the agent of {@code node} through the launcher script, in its namespace. */
    public Process startAgent(Node node, Map<String, String> env) throws IOException {
        Files.createDirectories(node.stateDir().getParent());
        // The launcher as the release carries it, beside quarkus-run.jar, run as systemd runs it.
        List<String> command = List.of("ip", "netns", "exec", node.namespace(), "sh",
                agentJar().resolveSibling("bin").resolve("edgefed-agent").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log().toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("KUBECONFIG", kubeconfig.toString());
        environment.put("EDGEFED_NODE_NAME", node.name());
        environment.put("EDGEFED_INTERFACE", node.iface());
        environment.put("EDGEFED_STATE_DIR", node.stateDir().toString());
        environment.putAll(extraEnv);
        environment.putAll(env);
        Process process = builder.start();
        agents.put(node.name(), process);
        return process;
    }

    /**
     * Starts another program in {@code node}'s namespace (a Prometheus on a node of the mesh, say), its output appended
     * to {@code log}; it is stopped with the lab, as everything left in the lab's namespaces is.
     */
    public Process spawn(Node node, List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", node.namespace()));
        full.addAll(command);
        return new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    public Process agent(String name) {
        return agents.get(name);
    }

    /** The agent's readiness answer, asked from inside the node's namespace (the agent listens on loopback). */
    public String readiness(Node node) throws IOException {
        return commands.run(List.of("ip", "netns", "exec", node.namespace(), "curl", "-s", "-m", "3",
                "http://127.0.0.1:9180/q/health/ready")).output();
    }

    /** The agent's metrics (Prometheus text), scraped from inside the node's namespace. */
    public String metrics(Node node) throws IOException {
        return commands.run(List.of("ip", "netns", "exec", node.namespace(), "curl", "-s", "-m", "3",
                "http://127.0.0.1:9180/q/metrics")).output();
    }

    /** The last lines of a node's agent log, for failure messages. */
    public String logTail(Node node) {
        try {
            List<String> lines = Files.readAllLines(node.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** True when {@code from} gets an answer to one ping of {@code to} within a second. */
    public boolean ping(Node from, InetAddress to) throws IOException {
        return commands.run(List.of("ip", "netns", "exec", from.namespace(), "ping", "-c", "1", "-W", "1", Addresses.format(to))).ok();
    }

    /** The node's WireGuard interface as its UAPI socket reports it (readable from the host: the path is shared). */
    public DeviceState wireGuard(Node node) throws IOException {
        return new UapiWireGuard(node.uapiSocket()).read();
    }

    private Node addNode(String name, String namespace) {
        Node node = new Node(name, namespace, "ef" + id + name.charAt(0) + nodes.size(), workDir.resolve(name),
                workDir.resolve(name + ".log"));
        nodes.put(name, node);
        return node;
    }

    private void plugIntoInternet(String namespace, String address, String port) throws IOException {
        String inet = ns("inet");
        sh(List.of("ip", "-n", inet, "link", "add", port, "type", "veth", "peer", "name", "wan", "netns", namespace));
        sh(List.of("ip", "-n", inet, "link", "set", port, "master", "inet", "up"));
        sh(List.of("ip", "-n", namespace, "address", "add", address + "/24", "dev", "wan"));
        sh(List.of("ip", "-n", namespace, "link", "set", "wan", "up"));
    }

    private String addNamespace(String role) throws IOException {
        String name = ns(role);
        sh(List.of("ip", "netns", "add", name));
        namespaces.add(name);
        sh(List.of("ip", "-n", name, "link", "set", "lo", "up"));
        return name;
    }

    private void inNs(String namespace, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        sh(full);
    }

    private void sh(List<String> command) throws IOException {
        commands.check(command);
    }

    /** Stops the agents, the WireGuard daemons they started, the namespaces, the host veth and the mock server. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != cleanupOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; closing here is just as good
            }
        }
        for (Process agent : agents.values()) {
            agent.destroy();
        }
        for (Process agent : agents.values()) {
            try {
                if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            } catch (InterruptedException e) {
                agent.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (String namespace : namespaces) {
            killProcessesIn(commands, namespace);
        }
        for (String namespace : namespaces) {
            quietly(List.of("ip", "netns", "del", namespace));
        }
        if (hostVeth != null) {
            quietly(List.of("ip", "link", "del", hostVeth));
        }
        for (Node node : nodes.values()) {
            try {
                Files.deleteIfExists(node.uapiSocket());
            } catch (IOException e) {
                // nothing more to do
            }
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    /** Ends the processes left in a namespace (wireguard-go daemons the agents started), by their ids. */
    public static void killProcessesIn(Commands commands, String namespace) {
        try {
            String pids = commands.run(List.of("ip", "netns", "pids", namespace)).output();
            for (String pid : pids.split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(handle -> {
                        handle.destroy();
                        handle.onExit().completeOnTimeout(null, 3, TimeUnit.SECONDS).join();
                        if (handle.isAlive()) {
                            handle.destroyForcibly();
                        }
                    });
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the namespace is gone already
        }
    }

    private void quietly(List<String> command) {
        try {
            commands.run(command);
        } catch (IOException e) {
            // best effort during cleanup
        }
    }

    /** Waits until {@code condition} holds, polling every {@code pollMillis}; returns the time it took. */
    public static Duration await(String what, Duration limit, long pollMillis, Check condition) throws Exception {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (true) {
            if (condition.holds()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(pollMillis);
        }
    }

    /** A condition polled by {@link #await}. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** Whether {@code tool} is an executable on the PATH (or in /usr/sbin, /sbin). */
    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }
}
